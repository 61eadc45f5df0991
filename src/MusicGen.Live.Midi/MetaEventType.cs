namespace MusicGen.Live.Midi;

/// <summary>Meta event type bytes of the SMF 1.0 specification.</summary>
public static class MetaEventType
{
    public const byte SequenceNumber = 0x00;
    public const byte Text = 0x01;
    public const byte Copyright = 0x02;
    public const byte TrackName = 0x03;
    public const byte InstrumentName = 0x04;
    public const byte Lyric = 0x05;
    public const byte Marker = 0x06;
    public const byte CuePoint = 0x07;
    public const byte ProgramName = 0x08;
    public const byte DeviceName = 0x09;
    public const byte ChannelPrefix = 0x20;
    public const byte MidiPort = 0x21;
    public const byte EndOfTrack = 0x2F;
    public const byte Tempo = 0x51;
    public const byte SmpteOffset = 0x54;
    public const byte TimeSignature = 0x58;
    public const byte KeySignature = 0x59;
    public const byte SequencerSpecific = 0x7F;

    /// <summary>Text-like meta types (0x01–0x0F) carry free text.</summary>
    public static bool IsText(int type) => type is >= 0x01 and <= 0x0F;
}
