using System.Buffers.Binary;
using System.Text;

namespace MusicGen.Live.Midi;

/// <summary>
/// One event of a track at an absolute tick. <see cref="Status"/> is the full status byte: 0x80–0xEF channel
/// messages (running status already expanded), 0xF0/0xF7 SysEx (with <see cref="Data"/> = the bytes after the
/// status exactly as stored, so F0 packets keep their closing F7), 0xFF meta (<see cref="Data1"/> = meta type,
/// <see cref="Data"/> = payload), 0xF1–0xFE system messages some files carry. Equality compares payload bytes.
/// To edit a file in place, replace an event by a copy: <c>events[i] = events[i].WithVelocity(80)</c>.
/// </summary>
public readonly record struct MidiEvent(long Tick, byte Status, byte Data1, byte Data2, ReadOnlyMemory<byte> Data)
{
    public MidiEvent(long tick, byte status, byte data1, byte data2)
        : this(tick, status, data1, data2, ReadOnlyMemory<byte>.Empty)
    {
    }

    public bool IsChannelMessage => Status is >= 0x80 and < 0xF0;

    public bool IsMeta => Status == 0xFF;

    public bool IsSystemExclusive => Status is 0xF0 or 0xF7;

    /// <summary>High nibble of a channel message (0x80 note-off … 0xE0 pitch bend); 0 otherwise.</summary>
    public int Command => IsChannelMessage ? Status & 0xF0 : 0;

    public int Channel => Status & 0x0F;

    public bool IsNoteOn => (Status & 0xF0) == 0x90 && Data2 > 0;

    /// <summary>A note-off or a note-on with velocity 0 (the running-status idiom).</summary>
    public bool IsNoteOff => (Status & 0xF0) == 0x80 || ((Status & 0xF0) == 0x90 && Data2 == 0);

    public int MetaType => IsMeta ? Data1 : -1;

    public bool IsTempo => IsMeta && Data1 == MetaEventType.Tempo && Data.Length == 3;

    /// <summary>Microseconds per quarter note of a tempo meta event.</summary>
    public int MicrosecondsPerQuarterNote => IsTempo ? Data.Span[0] << 16 | Data.Span[1] << 8 | Data.Span[2] : 0;

    /// <summary>Meta text (types 0x01–0x0F) decoded as Latin-1, which keeps every byte (MIDI files name no encoding).</summary>
    public string Text => IsMeta ? Encoding.Latin1.GetString(Data.Span) : string.Empty;

    /// <summary>A copy with a new velocity; only meaningful for note-on/off (note-on velocity 0 would turn it into an off).</summary>
    public MidiEvent WithVelocity(int velocity) => this with { Data2 = checked((byte)Math.Clamp(velocity, 0, 127)) };

    public static MidiEvent NoteOn(long tick, int channel, int pitch, int velocity) => Channel3(tick, 0x90, channel, pitch, velocity);

    public static MidiEvent NoteOff(long tick, int channel, int pitch, int velocity = 0) => Channel3(tick, 0x80, channel, pitch, velocity);

    public static MidiEvent ControlChange(long tick, int channel, int controller, int value) => Channel3(tick, 0xB0, channel, controller, value);

    public static MidiEvent ProgramChange(long tick, int channel, int program) => Channel3(tick, 0xC0, channel, program, 0);

    public static MidiEvent Tempo(long tick, int microsecondsPerQuarterNote)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(microsecondsPerQuarterNote);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(microsecondsPerQuarterNote, 0xFFFFFF);
        var data = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(data, microsecondsPerQuarterNote);
        return new MidiEvent(tick, 0xFF, MetaEventType.Tempo, 0, data.AsMemory(1));
    }

    public static MidiEvent MetaText(long tick, byte metaType, string text) =>
        new(tick, 0xFF, metaType, 0, Encoding.Latin1.GetBytes(text));

    public bool Equals(MidiEvent other) =>
        Tick == other.Tick && Status == other.Status && Data1 == other.Data1 && Data2 == other.Data2
        && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(Tick, Status, Data1, Data2, Data.Length);

    public override string ToString() => IsMeta
        ? $"{Tick}: meta 0x{Data1:X2} ({Data.Length} bytes)"
        : IsSystemExclusive ? $"{Tick}: sysex 0x{Status:X2} ({Data.Length} bytes)" : $"{Tick}: 0x{Status:X2} {Data1} {Data2}";

    private static MidiEvent Channel3(long tick, int command, int channel, int data1, int data2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tick);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 15);
        ArgumentOutOfRangeException.ThrowIfNegative(data1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data1, 127);
        ArgumentOutOfRangeException.ThrowIfNegative(data2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data2, 127);
        return new MidiEvent(tick, (byte)(command | channel), (byte)data1, (byte)data2);
    }
}
