using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Loopback;

/// <summary>
/// In-process output that delivers every message to its paired <see cref="LoopbackMidiInput"/>, synchronously.
/// </summary>
/// <remarks>
/// Threading: one producer thread at a time calls Send/SendAt (the <see cref="IMidiOutput"/> contract);
/// the paired input's receiver runs on that thread. No allocation, no lock. <see cref="Disconnect"/>
/// simulates the peer going away (both ports report <see cref="IMidiPort.Lost"/>), for tests of loss handling.
/// </remarks>
public sealed class LoopbackMidiOutput : MidiPortBase, IMidiOutput
{
    private readonly LoopbackMidiInput _peer;

    public LoopbackMidiOutput(string name, LoopbackMidiInput peer)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _peer = peer;
        SetState(MidiPortState.Running);
    }

    public bool Send(ReadOnlySpan<byte> message) => SendAt(message, MidiClock.Now);

    /// <summary>Delivers now, carrying <paramref name="timestamp"/> to the receiver (no scheduling in-process).</summary>
    public bool SendAt(ReadOnlySpan<byte> message, long timestamp)
    {
        if (State != MidiPortState.Running || !_peer.Accept(message, timestamp))
        {
            CountDropped();
            return false;
        }

        return true;
    }

    /// <summary>Simulates the connection vanishing: both ends report lost.</summary>
    public void Disconnect(string reason)
    {
        ReportLost(reason);
        _peer.ReportLost(reason);
    }

    protected override void Dispose(bool disposing)
    {
    }
}
