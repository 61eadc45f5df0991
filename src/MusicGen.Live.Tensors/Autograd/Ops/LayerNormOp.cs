using System.Numerics.Tensors;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// LayerNorm over the last dimension (PyTorch <c>nn.LayerNorm</c>, biased variance, eps 1e-5), saving each
/// row's mean and 1/σ. Backward: x̂ = (x − μ)/σ, dγ += Σ dy·x̂, dβ += Σ dy,
/// dx = (1/σ)·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·γ.
/// </summary>
internal sealed class LayerNormOp : TapeOp
{
    private float[] _mean = [];
    private float[] _rstd = [];
    private float[] _scratch = [];
    private Var _x = null!;
    private Var _gamma = null!;
    private Var _beta = null!;
    private Var _y = null!;
    private float _eps;

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

        if (op._scratch.Length < 2 * cols)
        {
            op._scratch = new float[2 * cols];
        }

        var y = tape.NewVar("layernorm", x.Shape, x.RequiresGrad || gamma.RequiresGrad || beta.RequiresGrad);
        Kernels.LayerNorm.Run(x.Values, gamma.Values, beta.Values, y.Values, rows, cols, eps, op._mean, op._rstd);
        (op._x, op._gamma, op._beta, op._y, op._eps) = (x, gamma, beta, y, eps);
        return y;
    }

    public override void Backward(Tape tape)
    {
        var cols = _x.Cols;
        var rows = _x.Rows;
        var xhat = _scratch.AsSpan(0, cols);
        var dxhat = _scratch.AsSpan(cols, cols);
        for (var r = 0; r < rows; r++)
        {
            var xr = _x.Data.AsSpan(r * cols, cols);
            var dy = _y.Grad.AsSpan(r * cols, cols);
            TensorPrimitives.Subtract(xr, _mean[r], xhat);
            TensorPrimitives.Multiply(xhat, _rstd[r], xhat);
            if (_gamma.RequiresGrad)
            {
                TensorPrimitives.FusedMultiplyAdd(dy, xhat, _gamma.Grads, _gamma.Grads);
            }

            if (_beta.RequiresGrad)
            {
                TensorPrimitives.Add(_beta.Grads, dy, _beta.Grads);
            }

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
