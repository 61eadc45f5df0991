namespace MusicGen.Live.Engine.Stages;

/// <summary>Temperature and nucleus (top-p) for one field of a generated event.</summary>
public readonly record struct FieldSampling(float Temperature, float TopP)
{
    /// <summary>Sampling from the model's own distribution: temperature 1, no nucleus.</summary>
    public static FieldSampling Default => new(1.0f, 1.0f);
}
