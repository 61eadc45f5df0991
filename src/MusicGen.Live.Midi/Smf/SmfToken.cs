namespace MusicGen.Live.Midi.Smf;

/// <summary>
/// One event as the tokenizer sees it: absolute tick, full status (running status expanded), data bytes, and for
/// meta/SysEx the payload's range in the file. <see cref="Offset"/> is the event's first byte (its delta time).
/// </summary>
internal struct SmfToken
{
    public long Tick;
    public int Offset;
    public byte Status;
    public byte Data1;
    public byte Data2;
    public int PayloadStart;
    public int PayloadLength;
}
