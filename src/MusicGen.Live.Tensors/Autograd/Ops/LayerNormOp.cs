using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// LayerNorm over the last dimension (PyTorch <c>nn.LayerNorm</c>, biased variance, eps 1e-5), saving each
/// row's mean and 1/σ. Backward: x̂ = (x − μ)/σ, dγ += Σ dy·x̂, dβ += Σ dy,
/// dx = (1/σ)·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·γ.
/// Rows are split across the pool (one slice per thread); each slice sums its own dγ, dβ and the slices are
/// added in a fixed order afterwards, so the result depends on the thread count but not on scheduling.
/// </summary>
internal sealed class LayerNormOp : TapeOp, IParallelJob
{
    private float[] _mean = [];
    private float[] _rstd = [];
    private float[] _scratch = [];
    private Var _x = null!;
    private Var _gamma = null!;
    private Var _beta = null!;
    private Var _y = null!;
    private float _eps;
    private int _tasks;
    private bool _backward;

    public static Var Apply(Tape tape, Var x, Var gamma, Var beta, float eps)
    {
        var cols = x.Cols;
        ShapeMismatchException.ThrowIfNot(gamma, [cols], "layer norm of", x);
        ShapeMismatchException.ThrowIfNot(beta, [cols], "layer norm of", x);
        var rows = x.Rows;
        var op = tape.Record<LayerNormOp>();
        if (op._mean.Length < rows)
        {
            op._mean = new float[rows];
            op._rstd = new float[rows];
        }

        op._tasks = Math.Clamp(rows / 64, 1, tape.Pool.ThreadCount);
        if (op._scratch.Length < op._tasks * 4 * cols)
        {
            op._scratch = new float[op._tasks * 4 * cols];
        }

        var y = tape.NewVar("layernorm", x.Shape, x.RequiresGrad || gamma.RequiresGrad || beta.RequiresGrad);
        (op._x, op._gamma, op._beta, op._y, op._eps, op._backward) = (x, gamma, beta, y, eps, false);
        tape.Pool.Run(op, op._tasks);
        return y;
    }

    public override void Backward(Tape tape)
    {
        var cols = _x.Cols;
        _backward = true;
        tape.Pool.Run(this, _tasks);
        for (var t = 0; t < _tasks; t++)
        {
            var part = _scratch.AsSpan(t * 4 * cols, 4 * cols);
            if (_gamma.RequiresGrad)
            {
                TensorPrimitives.Add(_gamma.Grads, part.Slice(2 * cols, cols), _gamma.Grads);
            }

            if (_beta.RequiresGrad)
            {
                TensorPrimitives.Add(_beta.Grads, part.Slice(3 * cols, cols), _beta.Grads);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int task)
    {
        var cols = _x.Cols;
        var (r0, r1) = WorkerPool.Slice(_x.Rows, _tasks, task);
        if (!_backward)
        {
            Kernels.LayerNorm.Run(
                _x.Data.AsSpan(r0 * cols, (r1 - r0) * cols),
                _gamma.Values,
                _beta.Values,
                _y.Data.AsSpan(r0 * cols, (r1 - r0) * cols),
                r1 - r0,
                cols,
                _eps,
                _mean.AsSpan(r0, r1 - r0),
                _rstd.AsSpan(r0, r1 - r0));
            return;
        }

        var part = _scratch.AsSpan(task * 4 * cols, 4 * cols);
        var xhat = part[..cols];
        var dxhat = part.Slice(cols, cols);
        var dGamma = part.Slice(2 * cols, cols);
        var dBeta = part.Slice(3 * cols, cols);
        dGamma.Clear();
        dBeta.Clear();
        for (var r = r0; r < r1; r++)
        {
            var xr = _x.Data.AsSpan(r * cols, cols);
            var dy = _y.Grad.AsSpan(r * cols, cols);
            TensorPrimitives.Subtract(xr, _mean[r], xhat);
            TensorPrimitives.Multiply(xhat, _rstd[r], xhat);
            MultiplyAccumulate.Run(dy, xhat, dGamma);
            TensorPrimitives.Add(dBeta, dy, dBeta);
            if (_x.RequiresGrad)
            {
                TensorPrimitives.Multiply(dy, _gamma.Values, dxhat);
                var meanD = TensorPrimitives.Sum(dxhat) / cols;
                var meanDX = TensorPrimitives.Dot(dxhat, xhat) / cols;
                var dx = _x.Grad.AsSpan(r * cols, cols);
                TensorPrimitives.MultiplyAdd(xhat, -meanDX, dxhat, dxhat);
                TensorPrimitives.Subtract(dxhat, meanD, dxhat);
                TensorPrimitives.MultiplyAdd(dxhat, _rstd[r], dx, dx);
            }
        }
    }
}
