using System.Runtime.CompilerServices;
namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// [A, B, F] → [B, A, F]: switches batch-first and time-major layouts (the inference LSTM is batch-first,
/// the fused training LSTM time-major). Backward applies the same swap to the gradient.
/// </summary>
internal sealed class SwapLeadingAxesOp : TapeOp
{
    private Var _x = null!;
    private Var _y = null!;

    public static Var Apply(Tape tape, Var x)
    {
        if (x.Rank != 3)
        {
            throw new ShapeMismatchException(x.Name, $"swapping the leading axes needs rank 3, got rank {x.Rank}");
        }

        var y = tape.NewVar("swap01", [x.Dim(1), x.Dim(0), x.Dim(2)], x.RequiresGrad);
        Swap(x.Data, y.Data, x.Dim(0), x.Dim(1), x.Dim(2));
        var op = tape.Record<SwapLeadingAxesOp>();
        (op._x, op._y) = (x, y);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Tape tape)
    {
        if (!_x.RequiresGrad)
        {
            return;
        }

        var (a, b, f) = (_x.Dim(0), _x.Dim(1), _x.Dim(2));
        for (var i = 0; i < a; i++)
        {
            for (var j = 0; j < b; j++)
            {
                var src = _y.Grad.AsSpan(((j * a) + i) * f, f);
                var dst = _x.Grad.AsSpan(((i * b) + j) * f, f);
                System.Numerics.Tensors.TensorPrimitives.Add(dst, src, dst);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Swap(float[] x, float[] y, int a, int b, int f)
    {
        for (var i = 0; i < a; i++)
        {
            for (var j = 0; j < b; j++)
            {
                x.AsSpan(((i * b) + j) * f, f).CopyTo(y.AsSpan(((j * a) + i) * f, f));
            }
        }
    }
}
