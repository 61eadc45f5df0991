using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels.Operators;

/// <summary>GELU, tanh approximation (PyTorch approximate='tanh'): 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))), computed as x·σ(2u).</summary>
public readonly struct GeluTanhOperator : IUnaryOperator
{
    public static float Invoke(float x) => x * VectorMath.Sigmoid(1.5957691216f * (x + (0.044715f * x * x * x)));

    public static Vector128<float> Invoke(Vector128<float> x) => x * VectorMath.Sigmoid(Vector128.Create(1.5957691216f) * Vector128.MultiplyAddEstimate(Vector128.Create(0.044715f) * x * x, x, x));

    public static Vector256<float> Invoke(Vector256<float> x) => x * VectorMath.Sigmoid(Vector256.Create(1.5957691216f) * Vector256.FusedMultiplyAdd(Vector256.Create(0.044715f) * x * x, x, x));

    public static Vector512<float> Invoke(Vector512<float> x) => x * VectorMath.Sigmoid(Vector512.Create(1.5957691216f) * Vector512.FusedMultiplyAdd(Vector512.Create(0.044715f) * x * x, x, x));
}
