using System.Runtime.CompilerServices;
namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>y = [a | b] along the last dimension (same leading shape); backward splits the gradient.</summary>
internal sealed class ConcatOp : TapeOp
{
    private Var _a = null!;
    private Var _b = null!;
    private Var _y = null!;

    public static Var Apply(Tape tape, Var a, Var b)
    {
        if (a.Rows != b.Rows || a.Rank != b.Rank)
        {
            throw new ShapeMismatchException(b.Name, $"concat with '{a.Name}' needs the same leading shape, got [{string.Join(",", a.Shape.ToArray())}] and [{string.Join(",", b.Shape.ToArray())}]");
        }

        Span<int> shape = stackalloc int[a.Rank];
        a.Shape.CopyTo(shape);
        shape[^1] = a.Cols + b.Cols;
        var y = tape.NewVar("concat", shape, a.RequiresGrad || b.RequiresGrad);
        var (ca, cb) = (a.Cols, b.Cols);
        for (var r = 0; r < a.Rows; r++)
        {
            a.Data.AsSpan(r * ca, ca).CopyTo(y.Data.AsSpan(r * (ca + cb), ca));
            b.Data.AsSpan(r * cb, cb).CopyTo(y.Data.AsSpan((r * (ca + cb)) + ca, cb));
        }

        var op = tape.Record<ConcatOp>();
        (op._a, op._b, op._y) = (a, b, y);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Tape tape)
    {
        var (ca, cb) = (_a.Cols, _b.Cols);
        for (var r = 0; r < _a.Rows; r++)
        {
            var g = _y.Grad.AsSpan(r * (ca + cb), ca + cb);
            if (_a.RequiresGrad)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(_a.Grad.AsSpan(r * ca, ca), g[..ca], _a.Grad.AsSpan(r * ca, ca));
            }

            if (_b.RequiresGrad)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(_b.Grad.AsSpan(r * cb, cb), g[ca..], _b.Grad.AsSpan(r * cb, cb));
            }
        }
    }
}
