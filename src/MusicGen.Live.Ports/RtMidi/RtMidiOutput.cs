using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.RtMidi;

/// <summary>An RtMidi output port. RtMidi has no scheduling: <see cref="SendAt"/> sends now.</summary>
/// <remarks>
/// Threading: one producer thread at a time (the <see cref="IMidiOutput"/> contract), which may be a
/// real-time thread: the send path passes the raw native pointer (no SafeHandle ref-counting per message),
/// allocates nothing and never throws; a native failure is counted in <see cref="IMidiPort.Dropped"/>.
/// On JACK, RtMidi queues the bytes in a lock-free ring its own process callback writes at frame 0 of the
/// next cycle (hence up to one period of jitter). Dispose on the control thread after the producer stopped.
/// </remarks>
public sealed unsafe class RtMidiOutput : MidiPortBase, IMidiOutput, IRtMidiPort
{
    private readonly RtMidiOutHandle _handle;
    private readonly IntPtr _device;
    private IDisposable? _watch;
    private bool _addedRef;

    internal RtMidiOutput(RtMidiOutHandle handle, string name)
        : base(name)
    {
        _handle = handle;
        _handle.DangerousAddRef(ref _addedRef); // keeps the native object alive while sends use the raw pointer
        _device = handle.DangerousGetHandle();
        SetState(MidiPortState.Running);
    }

    public bool Send(ReadOnlySpan<byte> message) => SendAt(message, MidiClock.Now);

    public bool SendAt(ReadOnlySpan<byte> message, long timestamp)
    {
        if (State != MidiPortState.Running || message.IsEmpty)
        {
            CountDropped();
            return false;
        }

        int rc;
        fixed (byte* data = message)
        {
            rc = RtMidiNative.OutSendMessage(_device, data, message.Length);
        }

        var wrapper = (RtMidiWrapper*)_device;
        if (rc != 0 || !wrapper->Ok)
        {
            wrapper->Ok = true; // reported here by the counter; do not leak into the next control-thread check
            CountDropped();
            return false;
        }

        return true;
    }

    void IRtMidiPort.Attach(IDisposable watch) => _watch = watch;

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        _watch?.Dispose();
        if (_addedRef)
        {
            RtMidiNative.ClosePort(_handle);
            _handle.DangerousRelease();
            _addedRef = false;
        }

        _handle.Dispose();
    }
}
