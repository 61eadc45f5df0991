namespace MusicGen.Live.Engine.Stages;

/// <summary>Temperature and nucleus (top-p) for one field of a generated event.</summary>
public readonly record struct FieldSampling(float Temperature, float TopP);
