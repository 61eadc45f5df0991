namespace MusicGen.Live.Midi;

/// <summary>A tempo in force from <see cref="Tick"/> on, in microseconds per quarter note (MIDI's own unit).</summary>
public readonly record struct TempoChange(long Tick, int MicrosecondsPerQuarterNote)
{
    public double BeatsPerMinute => MicrosecondsPerQuarterNote == 0 ? double.PositiveInfinity : 60_000_000.0 / MicrosecondsPerQuarterNote;
}
