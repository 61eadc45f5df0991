using System.Numerics.Tensors;
using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>y = a ⊙ b, same shapes.</summary>
internal sealed class MulOp : TapeOp
{
    private Var _a = null!;
    private Var _b = null!;
    private Var _y = null!;

    public static Var Apply(Tape tape, Var a, Var b)
    {
        ShapeMismatchException.ThrowIfNot(b, a.Shape, "multiply with", a);
        var y = tape.NewVar("mul", a.Shape, a.RequiresGrad || b.RequiresGrad);
        TensorPrimitives.Multiply(a.Values, b.Values, y.Values);
        var op = tape.Record<MulOp>();
        (op._a, op._b, op._y) = (a, b, y);
        return y;
    }

    public override void Backward(Tape tape)
    {
        if (_a.RequiresGrad)
        {
            MultiplyAccumulate.Run(_y.Grads, _b.Values, _a.Grads);
        }

        if (_b.RequiresGrad)
        {
            MultiplyAccumulate.Run(_y.Grads, _a.Values, _b.Grads);
        }
    }
}
