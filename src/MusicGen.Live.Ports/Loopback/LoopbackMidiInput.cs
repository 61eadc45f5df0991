using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Loopback;

/// <summary>
/// In-process input fed by a <see cref="LoopbackMidiOutput"/>: for tests and file mode.
/// </summary>
/// <remarks>
/// Threading: the receiver runs synchronously on the thread that called the paired output's Send (the
/// "real-time thread" of this backend). <see cref="Stop"/> waits for a delivery in progress to finish, so
/// after it returns the receiver is not called again. Delivery allocates nothing and takes no lock.
/// </remarks>
public sealed class LoopbackMidiInput(string name) : MidiPortBase(name), IMidiInput
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
        Interlocked.Exchange(ref _receiver, null); // full fence, pairs with Deliver's
        var spin = default(SpinWait);
        while (Volatile.Read(ref _delivering) != 0)
        {
            spin.SpinOnce();
        }

        SetState(MidiPortState.Open);
    }

    /// <summary>Called by the paired output on the sender's thread. False when not started or lost.</summary>
    internal bool Deliver(ReadOnlySpan<byte> message, long timestamp)
    {
        Interlocked.Exchange(ref _delivering, 1); // full fence: Stop either sees us busy or we see its null
        try
        {
            var receiver = Volatile.Read(ref _receiver);
            if (receiver is null || State != MidiPortState.Running)
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
                CountError(); // a receiver must not throw; if it does, the sender does not pay for it
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
