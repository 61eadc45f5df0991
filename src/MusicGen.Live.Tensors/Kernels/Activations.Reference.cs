namespace MusicGen.Live.Tensors.Kernels;

// Plain double-precision references for the activations: the ground truth in tests and benchmarks.
public static partial class Activations
{
    public static void GeluReference(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, v => 0.5 * v * (1.0 + ReferenceMath.Erf(v / Math.Sqrt(2.0))));

    public static void GeluTanhReference(ReadOnlySpan<float> x, Span<float> y) =>
        Map(x, y, v => 0.5 * v * (1.0 + Math.Tanh(Math.Sqrt(2.0 / Math.PI) * (v + (0.044715 * v * v * v)))));

    public static void SiluReference(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, v => v / (1.0 + Math.Exp(-v)));

    public static void SigmoidReference(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, v => 1.0 / (1.0 + Math.Exp(-v)));

    public static void TanhReference(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, Math.Tanh);

    public static void ReluReference(ReadOnlySpan<float> x, Span<float> y) => Map(x, y, v => Math.Max(v, 0.0));

    private static void Map(ReadOnlySpan<float> x, Span<float> y, Func<double, double> f)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = (float)f(x[i]);
        }
    }
}
