using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Training;


namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// y = f(x) element-wise with the SIMD kernels of <see cref="Activations"/>; backward multiplies by f'(x),
/// from the saved input (and output where that is cheaper). Large tensors are split across the pool.
/// </summary>
internal sealed class ActivationOp : TapeOp, IParallelJob
{
    private const int Chunk = 16384;
    private static readonly string[] s_names = [.. Enum.GetNames<Activation>()];
    private Activation _kind;
    private Var _x = null!;
    private Var _y = null!;
    private bool _backward;

    public static Var Apply(Tape tape, Var x, Activation kind)
    {
        var y = tape.NewVar(s_names[(int)kind], x.Shape, x.RequiresGrad);
        var op = tape.Record<ActivationOp>();
        (op._x, op._y, op._kind, op._backward) = (x, y, kind, false);
        tape.Pool.Run(op, (x.Length + Chunk - 1) / Chunk);
        return y;
    }

    public override void Backward(Tape tape)
    {
        if (_x.RequiresGrad)
        {
            _backward = true;
            tape.Pool.Run(this, (_x.Length + Chunk - 1) / Chunk);
        }
    }

    public void Execute(int task)
    {
        var start = task * Chunk;
        var n = Math.Min(Chunk, _x.Length - start);
        var x = _x.Data.AsSpan(start, n);
        var y = _y.Data.AsSpan(start, n);
        if (!_backward)
        {
            Forward(_kind, x, y);
        }
        else
        {
            ActivationGrad.Run(_kind, x, y, _y.Grad.AsSpan(start, n), _x.Grad.AsSpan(start, n));
        }
    }

    internal static void Forward(Activation kind, ReadOnlySpan<float> x, Span<float> y)
    {
        switch (kind)
        {
            case Activation.Tanh: Activations.Tanh(x, y); break;
            case Activation.Sigmoid: Activations.Sigmoid(x, y); break;
            case Activation.Relu: Activations.Relu(x, y); break;
            case Activation.Silu: Activations.Silu(x, y); break;
            case Activation.Gelu: Activations.Gelu(x, y); break;
            default: Activations.GeluTanh(x, y); break;
        }
    }
}
