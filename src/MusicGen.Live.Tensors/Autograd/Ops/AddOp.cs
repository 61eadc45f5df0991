using System.Numerics.Tensors;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>y = a + b, same shapes (residual connections).</summary>
internal sealed class AddOp : TapeOp
{
    private Var _a = null!;
    private Var _b = null!;
    private Var _y = null!;

    public static Var Apply(Tape tape, Var a, Var b)
    {
        ShapeMismatchException.ThrowIfNot(b, a.Shape, "add to", a);
        var y = tape.NewVar("add", a.Shape, a.RequiresGrad || b.RequiresGrad);
        TensorPrimitives.Add(a.Values, b.Values, y.Values);
        var op = tape.Record<AddOp>();
        (op._a, op._b, op._y) = (a, b, y);
        return y;
    }

    public override void Backward(Tape tape)
    {
        if (_a.RequiresGrad)
        {
            TensorPrimitives.Add(_a.Grads, _y.Grads, _a.Grads);
        }

        if (_b.RequiresGrad)
        {
            TensorPrimitives.Add(_b.Grads, _y.Grads, _b.Grads);
        }
    }
}
