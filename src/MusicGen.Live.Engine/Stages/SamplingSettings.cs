namespace MusicGen.Live.Engine.Stages;

/// <summary>Per-field sampling of the phrase generator (time shift, pitch, duration, velocity). Changed live by CC.</summary>
public readonly record struct SamplingSettings(FieldSampling Time, FieldSampling Pitch, FieldSampling Duration, FieldSampling Velocity)
{
    /// <summary>
    /// The settings whose continuations came closest to the human ones on nasap valid (pitch-class distance to the
    /// prompt, note density, loop rate; 97 prompts × 3 seeds): a hotter time shift and a cooler pitch, no nucleus.
    /// Nucleus 0.9 everywhere, the earlier default, played 22 % denser and loopier than the players did.
    /// The same values are <see cref="Models.PhraseTransformer.PhraseSamplingSettings"/>'s defaults, for <c>continue</c>.
    /// </summary>
    public static SamplingSettings Default => new(new(1.3f, 1f), new(0.75f, 1f), FieldSampling.Default, FieldSampling.Default);
}
