namespace MusicGen.Live.Midi;

/// <summary>
/// A Standard MIDI File could not be read. <see cref="Kind"/> says what is wrong and <see cref="Offset"/> where
/// (byte offset from the start of the file), so a user can look at the exact byte with a hex viewer.
/// </summary>
public sealed class MidiFormatException : Exception
{
    public MidiFormatException(MidiErrorKind kind, long offset, string detail)
        : base($"invalid MIDI file: {kind} at byte {offset}: {detail}")
    {
        Kind = kind;
        Offset = offset;
        Detail = detail;
    }

    public MidiErrorKind Kind { get; }

    public long Offset { get; }

    public string Detail { get; }
}
