using MusicGen.Live.Tensors.Kernels.Operators;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Elementwise activations, y = f(x) (y may alias x), through <see cref="UnaryDriver"/>. Double-precision
/// references sit beside them in <c>Activations.Reference.cs</c>. Any thread; no allocation.
/// </summary>
public static partial class Activations
{
    /// <summary>GELU as PyTorch's default: exact erf form.</summary>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y) => UnaryDriver.Run<GeluErfOperator>(x, y);

    /// <summary>GELU, tanh approximation (PyTorch <c>approximate="tanh"</c>).</summary>
    public static void GeluTanh(ReadOnlySpan<float> x, Span<float> y) => UnaryDriver.Run<GeluTanhOperator>(x, y);

    public static void Silu(ReadOnlySpan<float> x, Span<float> y) => UnaryDriver.Run<SiluOperator>(x, y);

    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => UnaryDriver.Run<SigmoidOperator>(x, y);

    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => UnaryDriver.Run<TanhOperator>(x, y);

    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => UnaryDriver.Run<ReluOperator>(x, y);
}
