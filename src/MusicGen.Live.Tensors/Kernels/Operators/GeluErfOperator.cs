using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels.Operators;

/// <summary>GELU, PyTorch's default (exact) form: 0.5·x·(1 + erf(x/√2)).</summary>
public readonly struct GeluErfOperator : IUnaryOperator
{
    public static float Invoke(float x) => 0.5f * x * (1f + VectorMath.Erf(x * 0.70710678f));

    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Create(0.5f) * x * (Vector128.Create(1f) + VectorMath.Erf(x * Vector128.Create(0.70710678f)));

    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Create(0.5f) * x * (Vector256.Create(1f) + VectorMath.Erf(x * Vector256.Create(0.70710678f)));

    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Create(0.5f) * x * (Vector512.Create(1f) + VectorMath.Erf(x * Vector512.Create(0.70710678f)));
}
