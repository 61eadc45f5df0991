using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// Watches what the engine sends, for the load and fuzz benches: which notes sound (the thru's
/// <see cref="NoteTracker"/>) and which channels hold the sustain pedal down, messages and note-ons counted,
/// and any malformed message (a status byte missing, a data byte ≥ 0x80, a wrong length) counted as a defect.
/// Used as the engine's output in-process (<see cref="IMidiOutput"/>) or as a JACK client's receiver
/// (<see cref="IMidiReceiver"/>) listening to the engine's output port.
/// </summary>
/// <remarks>
/// Threading: <see cref="SendAt"/>/<see cref="Receive"/> on one thread at a time (the scheduler, or the JACK
/// process thread): no allocation, lock or throw. The counts may be read from any thread (a moment's value).
/// </remarks>
public sealed class OutputChecker : IMidiOutput, IMidiReceiver
{
    private readonly bool[] _pedal = new bool[16];
    private long _messages;
    private long _noteOns;
    private long _malformed;
    private int _pedalsDown;

    public NoteTracker Notes { get; } = new();

    public string Name => "check:out";

    public MidiPortState State => MidiPortState.Running;

    public long Dropped => 0;

    public long Errors => 0;

    public long Messages => Volatile.Read(ref _messages);

    public long NoteOns => Volatile.Read(ref _noteOns);

    /// <summary>Messages that are not well-formed MIDI (the engine must never send one).</summary>
    public long Malformed => Volatile.Read(ref _malformed);

    /// <summary>Notes sounding now.</summary>
    public int Sounding => Notes.SoundingCount;

    /// <summary>Channels whose sustain pedal is down now.</summary>
    public int PedalsDown => Volatile.Read(ref _pedalsDown);

    public event EventHandler<MidiPortLostEventArgs>? Lost
    {
        add { }
        remove { }
    }

    public bool Send(ReadOnlySpan<byte> message) => SendAt(message, MidiClock.Now);

    public bool SendAt(ReadOnlySpan<byte> message, long timestamp)
    {
        Check(message);
        return true;
    }

    public void Receive(ReadOnlySpan<byte> message, long timestamp) => Check(message);

    public void Dispose()
    {
    }

    private void Check(ReadOnlySpan<byte> message)
    {
        Volatile.Write(ref _messages, _messages + 1);
        if (!WellFormed(message))
        {
            Volatile.Write(ref _malformed, _malformed + 1);
            return;
        }

        var command = message[0] & 0xF0;
        if (command == 0x90 && message[2] > 0)
        {
            Volatile.Write(ref _noteOns, _noteOns + 1);
        }

        if (command == 0xB0 && message[1] == 64)
        {
            ref var down = ref _pedal[message[0] & 0x0F];
            if (down != message[2] >= 64)
            {
                down = !down;
                Volatile.Write(ref _pedalsDown, _pedalsDown + (down ? 1 : -1));
            }
        }

        Notes.Track(message);
    }

    private static bool WellFormed(ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty || message[0] < 0x80)
        {
            return false;
        }

        var expected = message[0] switch
        {
            >= 0xF8 => 1,
            0xF0 => message.Length, // SysEx: F0 … F7 with 7-bit data between
            >= 0xF0 => message[0] switch { 0xF2 => 3, 0xF1 or 0xF3 => 2, _ => 1 },
            >= 0xC0 and < 0xE0 => 2,
            _ => 3,
        };
        if (message.Length != expected)
        {
            return false;
        }

        var end = message[0] == 0xF0 ? message.Length - 1 : message.Length;
        for (var i = 1; i < end; i++)
        {
            if (message[i] >= 0x80)
            {
                return false;
            }
        }

        return message[0] != 0xF0 || message[^1] == 0xF7;
    }
}
