using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels.Operators;

/// <summary>Hyperbolic tangent.</summary>
public readonly struct TanhOperator : IUnaryOperator
{
    public static float Invoke(float x) => VectorMath.Tanh(x);

    public static Vector128<float> Invoke(Vector128<float> x) => VectorMath.Tanh(x);

    public static Vector256<float> Invoke(Vector256<float> x) => VectorMath.Tanh(x);

    public static Vector512<float> Invoke(Vector512<float> x) => VectorMath.Tanh(x);
}
