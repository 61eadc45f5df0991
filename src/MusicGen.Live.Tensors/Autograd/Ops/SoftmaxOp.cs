using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// Softmax or log-softmax over the last dimension. Backward from the saved output y:
/// softmax dx = y ⊙ (dy − Σ dy⊙y); log-softmax dx = dy − exp(y)·Σ dy.
/// </summary>
internal sealed class SoftmaxOp : TapeOp
{
    private Var _x = null!;
    private Var _y = null!;
    private bool _log;

    public static Var Apply(Tape tape, Var x, bool log)
    {
        var (rows, cols) = (x.Rows, x.Cols);
        var y = tape.NewVar(log ? "log_softmax" : "softmax", x.Shape, x.RequiresGrad);
        for (var r = 0; r < rows; r++)
        {
            var xr = x.Data.AsSpan(r * cols, cols);
            var yr = y.Data.AsSpan(r * cols, cols);
            if (log)
            {
                var max = TensorPrimitives.Max(xr);
                TensorPrimitives.Subtract(xr, max, yr);
                TensorPrimitives.Exp(yr, yr);
                var lse = max + MathF.Log(TensorPrimitives.Sum(yr));
                TensorPrimitives.Subtract(xr, lse, yr);
            }
            else
            {
                Kernels.Softmax.Row(xr, yr);
            }
        }

        var op = tape.Record<SoftmaxOp>();
        (op._x, op._y, op._log) = (x, y, log);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Tape tape)
    {
        if (!_x.RequiresGrad)
        {
            return;
        }

        var (rows, cols) = (_x.Rows, _x.Cols);
        for (var r = 0; r < rows; r++)
        {
            var y = _y.Data.AsSpan(r * cols, cols);
            var dy = _y.Grad.AsSpan(r * cols, cols);
            var dx = _x.Grad.AsSpan(r * cols, cols);
            if (_log)
            {
                var sum = TensorPrimitives.Sum(dy);
                for (var j = 0; j < cols; j++)
                {
                    dx[j] += dy[j] - (MathF.Exp(y[j]) * sum);
                }
            }
            else
            {
                var dot = TensorPrimitives.Dot(dy, y);
                for (var j = 0; j < cols; j++)
                {
                    dx[j] += y[j] * (dy[j] - dot);
                }
            }
        }
    }
}
