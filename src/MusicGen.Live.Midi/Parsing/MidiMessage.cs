namespace MusicGen.Live.Midi.Parsing;

/// <summary>
/// One message from a live MIDI byte stream, 8 bytes, no references: safe to copy through lock-free rings.
/// For <see cref="MidiMessageKind.SysExChunk"/>, <see cref="Length"/> bytes are in the parser's SysEx buffer
/// (without the F0 and F7 framing bytes) until the next call to the parser.
/// </summary>
public readonly record struct MidiMessage(MidiMessageKind Kind, byte Status, byte Data1, byte Data2, SysExPart Part = SysExPart.None, ushort Length = 0)
{
    public int Channel => Status & 0x0F;

    public int Command => Kind == MidiMessageKind.Channel ? Status & 0xF0 : 0;

    public bool IsNoteOn => Kind == MidiMessageKind.Channel && (Status & 0xF0) == 0x90 && Data2 > 0;

    public bool IsNoteOff => Kind == MidiMessageKind.Channel && ((Status & 0xF0) == 0x80 || ((Status & 0xF0) == 0x90 && Data2 == 0));
}
