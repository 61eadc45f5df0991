using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports;

/// <summary>
/// The receiver hand-off every input backend shares: attach on <see cref="Start"/>, detach and wait on
/// <see cref="Stop"/>, deliver from the backend's real-time thread with no allocation, lock or throw.
/// </summary>
/// <remarks>
/// Threading: <see cref="Start"/>/<see cref="Stop"/> on the control thread; <see cref="Deliver"/> on the
/// backend's real-time thread (one at a time). Stop and Deliver pair through full fences (Dekker style):
/// Deliver marks itself busy before reading the receiver, Stop clears the receiver before waiting for
/// "not busy", so after Stop returns no receiver call is running or will start.
/// </remarks>
public abstract class MidiInputBase(string name) : MidiPortBase(name), IMidiInput
{
    private IMidiReceiver? _receiver;
    private int _delivering;

    public void Start(IMidiReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ThrowIfClosed();
        if (Interlocked.CompareExchange(ref _receiver, receiver, null) is not null)
        {
            throw new InvalidOperationException($"MIDI input '{Name}' is already started.");
        }

        SetState(MidiPortState.Running);
    }

    public void Stop()
    {
        Interlocked.Exchange(ref _receiver, null);
        var spin = default(SpinWait);
        while (Volatile.Read(ref _delivering) != 0)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        SetState(MidiPortState.Open);
    }

    /// <summary>Real-time thread: hands one message to the receiver. False when not started (counted as dropped).</summary>
    protected internal bool Deliver(ReadOnlySpan<byte> message, long timestamp)
    {
        Interlocked.Exchange(ref _delivering, 1);
        try
        {
            var receiver = Volatile.Read(ref _receiver);
            if (receiver is null)
            {
                CountDropped();
                return false;
            }

            try
            {
                receiver.Receive(message, timestamp);
            }
            catch (Exception)
            {
                CountError(); // a receiver must not throw; if it does, the native caller never sees it
            }

            return true;
        }
        finally
        {
            Volatile.Write(ref _delivering, 0);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Stop();
        }
    }
}
