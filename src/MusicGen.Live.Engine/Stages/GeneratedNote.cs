namespace MusicGen.Live.Engine.Stages;

/// <summary>The next note of a continuation, relative to the previous generated onset.</summary>
/// <param name="TimeShiftSeconds">From the previous generated onset (0 for a chord tone or the first note).</param>
/// <param name="Velocity">1–127 for a note; 0 for a rest (<see cref="IsRest"/>).</param>
public readonly record struct GeneratedNote(double TimeShiftSeconds, byte Pitch, double DurationSeconds, byte Velocity)
{
    /// <summary>No note: the generator decoded none (no context yet, or pedal events only); the time shift still passes.</summary>
    public static GeneratedNote Rest(double timeShiftSeconds) => new(timeShiftSeconds, 0, 0, 0);

    /// <summary>True for <see cref="Rest"/>: nothing plays.</summary>
    public bool IsRest => Velocity == 0;
}
