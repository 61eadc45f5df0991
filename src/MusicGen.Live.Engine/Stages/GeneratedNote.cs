namespace MusicGen.Live.Engine.Stages;

/// <summary>The next note of a continuation, relative to the previous generated onset.</summary>
/// <param name="TimeShiftSeconds">From the previous generated onset (0 for a chord tone or the first note).</param>
public readonly record struct GeneratedNote(double TimeShiftSeconds, byte Pitch, double DurationSeconds, byte Velocity);
