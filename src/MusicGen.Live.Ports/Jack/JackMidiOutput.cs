using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Ports.Jack;

/// <summary>
/// A MIDI output port of a <see cref="JackMidiClient"/>, placing each message at the frame its timestamp maps to.
/// </summary>
/// <remarks>
/// Threading: called on the client's process thread (from an input's receiver), a send is written straight
/// into this cycle's port buffer at the timestamp's frame: in-cycle, sample-accurate thru. Called on any
/// other thread (one producer at a time), it goes through a <see cref="MidiMessageRing"/> that each process
/// cycle drains: short messages into a time-ordered staging store (<see cref="JackStagedEvents"/>) written when
/// their cycle comes, so a scheduler may hand messages up to <see cref="ScheduleHorizon"/> ahead, in any order,
/// and each lands on its exact frame; longer ones (SysEx) wait in the ring for their cycle. JACK needs events in
/// frame order within a cycle, so an event that would land before one already written moves up to that frame (it
/// is never dropped for it). How many frames each queued message landed after its own is in <see cref="TimingError"/>.
/// No path allocates, locks or throws.
/// </remarks>
public sealed unsafe class JackMidiOutput : MidiPortBase, IMidiOutput
{
    private const int StagingCapacity = 1024;
    private readonly JackMidiClient _client;
    private readonly IntPtr _port;
    private readonly MidiMessageRing _queue;
    private readonly JackStagedEvents _staged = new(StagingCapacity);
    private IntPtr _cycleBuffer; // this cycle's port buffer, process thread only
    private uint _lastFrame;
    private JackCycle _cycle;
    private long _lateArrivals;

    internal JackMidiOutput(string name, IntPtr port, JackMidiClient client, int queueBytes)
        : base(name)
    {
        _port = port;
        _client = client;
        _queue = new MidiMessageRing(queueBytes);
    }

    /// <summary>
    /// How far ahead a message may be handed over and still land on its frame. The default is chosen to exceed a
    /// loaded scheduler's wake-up delay yet keep short what is already handed over when a panic comes.
    /// Set before the output is used; 0 makes a scheduler send when due.
    /// </summary>
    public long ScheduleHorizon { get; set; } = MidiClock.FromMilliseconds(50);

    /// <summary>Frames between where each queued message's timestamp maps and where it was written.</summary>
    public FrameErrorHistogram TimingError { get; } = new();

    /// <summary>Queued messages that reached the process thread after their own frame had passed (handed over too late).</summary>
    public long LateArrivals => Volatile.Read(ref _lateArrivals);

    internal IntPtr Port => _port;

    public bool Send(ReadOnlySpan<byte> message) => SendAt(message, MidiClock.Now);

    public bool SendAt(ReadOnlySpan<byte> message, long timestamp)
    {
        if (State != MidiPortState.Running)
        {
            CountDropped();
            return false;
        }

        if (JackMidiClient.CurrentProcessClient == _client)
        {
            return Write(message, _cycle.FrameOf(timestamp));
        }

        if (!_queue.TryWrite(message, timestamp))
        {
            CountDropped();
            return false;
        }

        return true;
    }

    /// <summary>
    /// Control thread: waits (bounded) until everything queued from other threads has been written and the
    /// cycle that wrote it has completed, so closing the client right after loses nothing (final note-offs).
    /// </summary>
    public bool Flush(TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!_queue.IsEmpty || _staged.Count > 0)
        {
            if (DateTime.UtcNow > deadline || State != MidiPortState.Running)
            {
                return false;
            }

            Thread.Sleep(1);
        }

        var left = deadline - DateTime.UtcNow;
        return _client.WaitCycles(2, left > TimeSpan.Zero ? left : TimeSpan.Zero);
    }

    /// <summary>Process thread, start of cycle: clears the buffer before any input is read.</summary>
    internal void BeginCycle(uint frames, in JackCycle cycle)
    {
        _cycle = cycle;
        _cycleBuffer = JackNative.PortGetBuffer(_port, frames);
        JackNative.MidiClearBuffer(_cycleBuffer);
        _lastFrame = 0;
    }

    /// <summary>Process thread, after the inputs: stages what other threads queued, writes what is due in this cycle, keeps later ones.</summary>
    internal void EndCycle()
    {
        Span<byte> bytes = stackalloc byte[JackStagedEvents.MaxLength];
        while (_queue.TryPeek(out var message, out var timestamp))
        {
            if (_cycle.OffsetOf(timestamp) < 0)
            {
                Volatile.Write(ref _lateArrivals, _lateArrivals + 1);
            }

            if (message.Length <= JackStagedEvents.MaxLength)
            {
                if (!_staged.TryAdd(timestamp, message))
                {
                    break; // staging full: the rest stays in the ring for the next cycle
                }
            }
            else
            {
                var frame = _cycle.FrameOf(timestamp);
                if (frame >= _cycle.Frames)
                {
                    break; // a long message due in a later cycle waits in the ring (and what follows it)
                }

                WriteStaged(timestamp, bytes);
                WriteQueued(message, timestamp);
            }

            _queue.Advance();
        }

        WriteStaged(long.MaxValue, bytes);
        _cycleBuffer = IntPtr.Zero;
    }

    protected override void Dispose(bool disposing)
    {
    }

    /// <summary>Writes the staged messages due in this cycle with a timestamp before <paramref name="before"/>.</summary>
    private void WriteStaged(long before, Span<byte> bytes)
    {
        var n = 0;
        while (n < _staged.Count && _staged.TimeAt(n) < before && _cycle.FrameOf(_staged.TimeAt(n)) < _cycle.Frames)
        {
            var length = _staged.CopyAt(n, bytes);
            WriteQueued(bytes[..length], _staged.TimeAt(n));
            n++;
        }

        _staged.RemoveFirst(n);
    }

    private void WriteQueued(ReadOnlySpan<byte> message, long timestamp)
    {
        var frame = _cycle.FrameOf(timestamp);
        if (Write(message, frame))
        {
            TimingError.Record(_lastFrame - _cycle.OffsetOf(timestamp));
        }
    }

    private bool Write(ReadOnlySpan<byte> message, long frame)
    {
        var at = (uint)Math.Clamp(frame, _lastFrame, _cycle.Frames - 1);
        int rc;
        fixed (byte* data = message)
        {
            rc = JackNative.MidiEventWrite(_cycleBuffer, at, data, (nuint)message.Length);
        }

        if (rc != 0)
        {
            CountDropped(); // the port buffer is full for this cycle (ENOBUFS)
            return false;
        }

        _lastFrame = at;
        return true;
    }
}
