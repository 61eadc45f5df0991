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
            Derivative(_kind, x, y, _y.Grad.AsSpan(start, n), _x.Grad.AsSpan(start, n));
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

    /// <summary>dx += dy · f'(x), given x and y = f(x).</summary>
    internal static void Derivative(Activation kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        const float C = 0.7978845608f; // √(2/π)
        const float InvSqrt2Pi = 0.3989422804f;
        for (var i = 0; i < x.Length; i++)
        {
            float d;
            switch (kind)
            {
                case Activation.Tanh:
                    d = 1f - (y[i] * y[i]);
                    break;
                case Activation.Sigmoid:
                    d = y[i] * (1f - y[i]);
                    break;
                case Activation.Relu:
                    d = x[i] > 0 ? 1f : 0f;
                    break;
                case Activation.Silu:
                    {
                        var s = 1f / (1f + MathF.Exp(-x[i]));
                        d = s * (1f + (x[i] * (1f - s)));
                        break;
                    }

                case Activation.Gelu:
                    {
                        var xi = x[i];
                        d = (0.5f * (1f + VectorMath.Erf(xi * 0.70710678f))) + (xi * InvSqrt2Pi * MathF.Exp(-0.5f * xi * xi));
                        break;
                    }

                default:
                    {
                        var xi = x[i];
                        var t = MathF.Tanh(C * (xi + (0.044715f * xi * xi * xi)));
                        d = (0.5f * (1f + t)) + (0.5f * xi * (1f - (t * t)) * C * (1f + (3f * 0.044715f * xi * xi)));
                        break;
                    }
            }

            dx[i] += dy[i] * d;
        }
    }
}
