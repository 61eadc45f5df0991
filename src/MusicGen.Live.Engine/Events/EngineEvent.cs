using System.Runtime.InteropServices;

namespace MusicGen.Live.Engine.Events;

/// <summary>
/// One short MIDI message (1–3 bytes) travelling through the engine's rings, by value (no allocation).
/// </summary>
/// <param name="Time">Input: arrival time. Output: when it is due. <see cref="Midi.Devices.MidiClock"/> ticks.</param>
/// <param name="Origin">Player events: the input's arrival time (for latency). Generated: the trigger time. 0 otherwise.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Status">MIDI status byte (0x80–0xEF channel messages, 0xF8 clock on input).</param>
/// <param name="Data1">First data byte (or the channel of a <see cref="EventKind.CancelGenerated"/>).</param>
/// <param name="Data2">Second data byte.</param>
/// <param name="First">Generated: the first note of a continuation (its send time is the trigger delay).</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct EngineEvent(long Time, long Origin, EventKind Kind, byte Status, byte Data1, byte Data2, bool First = false)
{
    public int Command => Status & 0xF0;

    public int Channel => Status & 0x0F;

    public bool IsNoteOn => Command == 0x90 && Data2 > 0;

    /// <summary>A note-off or a note-on with velocity 0.</summary>
    public bool IsNoteOff => Command == 0x80 || (Command == 0x90 && Data2 == 0);

    /// <summary>Channel × 128 + pitch: the key of a sounding note.</summary>
    public int NoteKey => (Channel << 7) | Data1;

    /// <summary>Bytes on the wire: program change and channel pressure have one data byte, system real-time none.</summary>
    public int Length => Status >= 0xF0 ? 1 : Command is 0xC0 or 0xD0 ? 2 : 3;

    /// <summary>Writes the wire bytes into <paramref name="destination"/> (at least 3 long); returns the length.</summary>
    public int CopyTo(Span<byte> destination)
    {
        destination[0] = Status;
        destination[1] = Data1;
        destination[2] = Data2;
        return Length;
    }

    public static EngineEvent NoteOn(long time, long origin, EventKind kind, int channel, int pitch, int velocity, bool first = false) =>
        new(time, origin, kind, (byte)(0x90 | channel), (byte)pitch, (byte)Math.Clamp(velocity, 1, 127), first);

    public static EngineEvent NoteOff(long time, long origin, EventKind kind, int channel, int pitch) =>
        new(time, origin, kind, (byte)(0x80 | channel), (byte)pitch, 0);

    public static EngineEvent Control(long time, int channel, int controller, int value) =>
        new(time, 0, EventKind.Player, (byte)(0xB0 | channel), (byte)controller, (byte)value);
}
