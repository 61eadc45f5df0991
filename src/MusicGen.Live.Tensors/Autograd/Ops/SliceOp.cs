using System.Numerics.Tensors;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>y = x[..., start : start + length] along the last dimension; backward adds into that window.</summary>
internal sealed class SliceOp : TapeOp
{
    private Var _x = null!;
    private Var _y = null!;
    private int _start;

    public static Var Apply(Tape tape, Var x, int start, int length)
    {
        if (start < 0 || length < 0 || start + length > x.Cols)
        {
            throw new ShapeMismatchException(x.Name, $"slice [{start}, {start + length}) is outside the last dimension {x.Cols}");
        }

        Span<int> shape = stackalloc int[x.Rank];
        x.Shape.CopyTo(shape);
        shape[^1] = length;
        var y = tape.NewVar("slice", shape, x.RequiresGrad);
        for (var r = 0; r < x.Rows; r++)
        {
            x.Data.AsSpan((r * x.Cols) + start, length).CopyTo(y.Data.AsSpan(r * length, length));
        }

        var op = tape.Record<SliceOp>();
        (op._x, op._y, op._start) = (x, y, start);
        return y;
    }

    public override void Backward(Tape tape)
    {
        if (!_x.RequiresGrad)
        {
            return;
        }

        var n = _y.Cols;
        for (var r = 0; r < _x.Rows; r++)
        {
            var dst = _x.Grad.AsSpan((r * _x.Cols) + _start, n);
            TensorPrimitives.Add(dst, _y.Grad.AsSpan(r * n, n), dst);
        }
    }
}
