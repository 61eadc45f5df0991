namespace MusicGen.Live.Engine.Stages;

/// <summary>Per-field sampling of the phrase generator (time shift, pitch, duration, velocity). Changed live by CC.</summary>
public readonly record struct SamplingSettings(FieldSampling Time, FieldSampling Pitch, FieldSampling Duration, FieldSampling Velocity)
{
    public static SamplingSettings Default => new(FieldSampling.Default, FieldSampling.Default, FieldSampling.Default, FieldSampling.Default);
}
