using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels.Operators;

/// <summary>max(x, 0).</summary>
public readonly struct ReluOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Max(x, 0f);

    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);
}
