using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels.Operators;

/// <summary>SiLU (swish): x·σ(x).</summary>
public readonly struct SiluOperator : IUnaryOperator
{
    public static float Invoke(float x) => x * VectorMath.Sigmoid(x);

    public static Vector128<float> Invoke(Vector128<float> x) => x * VectorMath.Sigmoid(x);

    public static Vector256<float> Invoke(Vector256<float> x) => x * VectorMath.Sigmoid(x);

    public static Vector512<float> Invoke(Vector512<float> x) => x * VectorMath.Sigmoid(x);
}
