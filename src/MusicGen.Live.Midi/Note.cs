namespace MusicGen.Live.Midi;

/// <summary>
/// A sounding note: the track it came from, channel (0–15), pitch, note-on velocity, onset and offset in ticks
/// and seconds. How notes are paired from note-on/off events is documented on <see cref="NoteSettings"/>.
/// 40 bytes, so a list of millions stays compact.
/// </summary>
public readonly record struct Note(int Track, byte Channel, byte Pitch, byte Velocity, long OnTick, long OffTick, double OnsetSeconds, double OffsetSeconds)
{
    public double DurationSeconds => OffsetSeconds - OnsetSeconds;

    public long DurationTicks => OffTick - OnTick;
}
