using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels.Operators;

/// <summary>Logistic sigmoid.</summary>
public readonly struct SigmoidOperator : IUnaryOperator
{
    public static float Invoke(float x) => VectorMath.Sigmoid(x);

    public static Vector128<float> Invoke(Vector128<float> x) => VectorMath.Sigmoid(x);

    public static Vector256<float> Invoke(Vector256<float> x) => VectorMath.Sigmoid(x);

    public static Vector512<float> Invoke(Vector512<float> x) => VectorMath.Sigmoid(x);
}
