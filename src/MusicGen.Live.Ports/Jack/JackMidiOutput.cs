using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;
using MusicGen.Live.Ports.Rings;

namespace MusicGen.Live.Ports.Jack;

/// <summary>
/// A MIDI output port of a <see cref="JackMidiClient"/>, placing each message at the frame its timestamp maps to.
/// </summary>
/// <remarks>
/// Threading: called on the client's process thread (from an input's receiver), a send is written straight
/// into this cycle's port buffer at the timestamp's frame: in-cycle, sample-accurate thru. Called on any
/// other thread (one producer at a time), it goes through a <see cref="MidiMessageRing"/> that the next
/// process cycles drain at the matching frames. JACK needs events in frame order within a cycle, so an
/// event that would land before one already written moves up to that frame (it is never dropped for it).
/// No path allocates, locks or throws.
/// </remarks>
public sealed unsafe class JackMidiOutput : MidiPortBase, IMidiOutput
{
    private readonly JackMidiClient _client;
    private readonly IntPtr _port;
    private readonly MidiMessageRing _queue;
    private IntPtr _cycleBuffer; // this cycle's port buffer, process thread only
    private uint _lastFrame;
    private JackCycle _cycle;

    internal JackMidiOutput(string name, IntPtr port, JackMidiClient client, int queueBytes)
        : base(name)
    {
        _port = port;
        _client = client;
        _queue = new MidiMessageRing(queueBytes);
    }

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
        while (!_queue.IsEmpty)
        {
            if (DateTime.UtcNow > deadline || State != MidiPortState.Running)
            {
                return false;
            }

            Thread.Sleep(1);
        }

        var target = _client.Cycles + 2;
        while (_client.Cycles < target && DateTime.UtcNow < deadline && !_client.IsShutDown)
        {
            Thread.Sleep(1);
        }

        return _client.Cycles >= target;
    }

    /// <summary>Process thread, start of cycle: clears the buffer before any input is read.</summary>
    internal void BeginCycle(uint frames, in JackCycle cycle)
    {
        _cycle = cycle;
        _cycleBuffer = JackNative.PortGetBuffer(_port, frames);
        JackNative.MidiClearBuffer(_cycleBuffer);
        _lastFrame = 0;
    }

    /// <summary>Process thread, after the inputs: writes queued messages due in this cycle, keeps later ones.</summary>
    internal void EndCycle()
    {
        while (_queue.TryPeek(out var message, out var timestamp))
        {
            var frame = _cycle.FrameOf(timestamp);
            if (frame >= _cycle.Frames)
            {
                break; // due in a later cycle; the queue is in time order from one producer
            }

            Write(message, frame);
            _queue.Advance();
        }

        _cycleBuffer = IntPtr.Zero;
    }

    protected override void Dispose(bool disposing)
    {
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
