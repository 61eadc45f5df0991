using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports;

/// <summary>
/// State, counters and the once-only loss report shared by every backend's ports.
/// </summary>
/// <remarks>
/// Threading: <see cref="CountDropped"/>/<see cref="CountError"/> are interlocked and safe on real-time
/// threads. <see cref="ReportLost"/> may be called from any thread, including a native callback: it only
/// flips the state and queues the <see cref="Lost"/> event to the thread pool (allocation there is fine:
/// a lost port is not steady state), so handlers never run on a real-time thread.
/// </remarks>
public abstract class MidiPortBase(string name) : IMidiPort
{
    private int _state = (int)MidiPortState.Open;
    private long _dropped;
    private long _errors;
    private int _lostReported;

    public string Name { get; protected set; } = name;

    public MidiPortState State => (MidiPortState)Volatile.Read(ref _state);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Why the port was lost, once it was.</summary>
    public string? LostReason { get; private set; }

    public event EventHandler<MidiPortLostEventArgs>? Lost;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, (int)MidiPortState.Closed) == (int)MidiPortState.Closed)
        {
            return;
        }

        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    protected void SetState(MidiPortState state)
    {
        // Lost and Closed are terminal: a late Running from a racing thread must not undo them.
        int current;
        do
        {
            current = Volatile.Read(ref _state);
            if (current is (int)MidiPortState.Lost or (int)MidiPortState.Closed)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _state, (int)state, current) != current);
    }

    /// <summary>Moves an output from Open to Running once its backend can accept sends.</summary>
    internal void MarkRunning() => SetState(MidiPortState.Running);

    protected void CountDropped() => Interlocked.Increment(ref _dropped);

    protected void CountError() => Interlocked.Increment(ref _errors);

    protected void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(State == MidiPortState.Closed, this);
    }

    /// <summary>Marks the port lost (once) and raises <see cref="Lost"/> on the thread pool.</summary>
    protected internal void ReportLost(string reason)
    {
        if (Interlocked.Exchange(ref _lostReported, 1) != 0)
        {
            return;
        }

        LostReason = reason;
        SetState(MidiPortState.Lost);
        ThreadPool.UnsafeQueueUserWorkItem(
            static self =>
            {
                try
                {
                    self.Lost?.Invoke(self, new MidiPortLostEventArgs(self.Name, self.LostReason ?? "lost"));
                }
                catch (Exception)
                {
                    // A handler that throws must not take the process down: it is counted instead.
                    self.CountError();
                }
            },
            this,
            preferLocal: false);
    }
}
