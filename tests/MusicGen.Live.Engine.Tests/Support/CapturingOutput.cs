using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>An output that keeps every message it is given (preallocated, so zero-allocation tests can use it).</summary>
public sealed class CapturingOutput(int capacity = 1 << 16) : IMidiOutput
{
    private readonly Sent[] _sent = new Sent[capacity];
    private int _count;

    public readonly record struct Sent(byte Status, byte Data1, byte Data2, long Timestamp)
    {
        public int Command => Status & 0xF0;

        public int Channel => Status & 0x0F;

        public bool IsNoteOn => Command == 0x90 && Data2 > 0;

        public bool IsNoteOff => Command == 0x80 || (Command == 0x90 && Data2 == 0);
    }

    public string Name => "capture:out";

    /// <summary>What the scheduler reads as this output's horizon (0: it sends when due).</summary>
    public long ScheduleHorizon { get; init; }

    public MidiPortState State { get; set; } = MidiPortState.Running;

    public long Dropped { get; private set; }

    public long Errors => 0;

    public int Count => _count;

    public IReadOnlyList<Sent> Messages => new ArraySegment<Sent>(_sent, 0, _count);

    public event EventHandler<MidiPortLostEventArgs>? Lost;

    public bool Send(ReadOnlySpan<byte> message) => SendAt(message, MidiClock.Now);

    public bool SendAt(ReadOnlySpan<byte> message, long timestamp)
    {
        if (State != MidiPortState.Running || _count == _sent.Length)
        {
            Dropped++;
            return false;
        }

        _sent[_count++] = new Sent(message[0], message.Length > 1 ? message[1] : (byte)0, message.Length > 2 ? message[2] : (byte)0, timestamp);
        return true;
    }

    public void Clear() => _count = 0;

    public void RaiseLost() => Lost?.Invoke(this, new MidiPortLostEventArgs(Name, "test"));

    public void Dispose()
    {
    }
}
