namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// A velocity head's output (velocity / 127) as a velocity in [1, 127], unrounded. NaN or infinity is a fault, not a
/// velocity: <see cref="Math.Clamp(float, float, float)"/> would pass NaN on (later read as velocity 1) and make infinity 127.
/// </summary>
/// <remarks>Any thread; no allocation unless it throws.</remarks>
public static class VelocityOutput
{
    /// <exception cref="ModelOutputException"><paramref name="output"/> is NaN or infinite.</exception>
    public static float ToVelocity(float output, string model) =>
        float.IsFinite(output) ? Math.Clamp(output * 127f, 1f, 127f) : throw NonFinite(output, model);

    /// <summary>
    /// A velocity a graph has already scaled and clamped to [1, 127] (the ONNX step, whose export clamps as
    /// <see cref="ToVelocity"/> does): NaN there is the same fault. The graph's clamp has made infinity 127 already.
    /// </summary>
    /// <exception cref="ModelOutputException"><paramref name="velocity"/> is NaN or infinite.</exception>
    public static float FromScaled(float velocity, string model) =>
        float.IsFinite(velocity) ? Math.Clamp(velocity, 1f, 127f) : throw NonFinite(velocity / 127f, model);

    private static ModelOutputException NonFinite(float output, string model) =>
        new($"{model} gave {output} for a velocity (NaN or infinity: broken weights or an input outside its training); no velocity was made from it");
}
