using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// RMSNorm over the last dimension: y = x · r · w with r = 1/√(mean(x²) + eps).
/// Backward: dw += Σ dy·x·r; dx = r·(dy·w) − x·r³·mean(dy·w·x).
/// </summary>
internal sealed class RmsNormOp : TapeOp
{
    private float[] _rstd = [];
    private float[] _scratch = [];
    private Var _x = null!;
    private Var _w = null!;
    private Var _y = null!;

    public static Var Apply(Tape tape, Var x, Var weight, float eps)
    {
        var cols = x.Cols;
        ShapeMismatchException.ThrowIfNot(weight, [cols], "RMS norm of", x);
        var rows = x.Rows;
        var op = tape.Record<RmsNormOp>();
        if (op._rstd.Length < rows)
        {
            op._rstd = new float[rows];
        }

        if (op._scratch.Length < cols)
        {
            op._scratch = new float[cols];
        }

        var y = tape.NewVar("rmsnorm", x.Shape, x.RequiresGrad || weight.RequiresGrad);
        Kernels.RmsNorm.Run(x.Values, weight.Values, y.Values, rows, cols, eps, op._rstd);
        (op._x, op._w, op._y) = (x, weight, y);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Tape tape)
    {
        var cols = _x.Cols;
        var rows = _x.Rows;
        var t = _scratch.AsSpan(0, cols);
        for (var r = 0; r < rows; r++)
        {
            var xr = _x.Data.AsSpan(r * cols, cols);
            var dy = _y.Grad.AsSpan(r * cols, cols);
            var rs = _rstd[r];
            if (_w.RequiresGrad)
            {
                TensorPrimitives.Multiply(dy, xr, t);
                TensorPrimitives.MultiplyAdd(t, rs, _w.Grads, _w.Grads);
            }

            if (_x.RequiresGrad)
            {
                TensorPrimitives.Multiply(dy, _w.Values, t);
                var k = rs * rs * rs * TensorPrimitives.Dot(t, xr) / cols;
                var dx = _x.Grad.AsSpan(r * cols, cols);
                for (var j = 0; j < cols; j++)
                {
                    dx[j] += (rs * t[j]) - (xr[j] * k);
                }
            }
        }
    }
}
