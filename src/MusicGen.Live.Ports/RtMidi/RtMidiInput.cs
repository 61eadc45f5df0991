using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.RtMidi;

/// <summary>
/// An RtMidi input port. RtMidi calls <see cref="OnMessage"/> with each complete message (SysEx, timing
/// and active sensing all passed); it is handed to the receiver with a <see cref="MidiClock"/> timestamp.
/// </summary>
/// <remarks>
/// Threading: RtMidi's input thread calls the callback (the JACK process thread of RtMidi's own client on
/// JACK, a sequencer thread on ALSA). The callback allocates nothing, takes no lock and never lets an
/// exception reach RtMidi: a receiver fault is counted in <see cref="IMidiPort.Errors"/>. Start/Stop/Dispose
/// on the control thread; Dispose frees the RtMidi object (which joins its thread) before the GC handle
/// the callback uses, so no callback can outlive this object.
/// </remarks>
public sealed unsafe class RtMidiInput : MidiInputBase, IRtMidiPort
{
    private static long s_orphanFaults;
    private readonly RtMidiInHandle _handle;
    private GCHandle _self;
    private IDisposable? _watch;

    internal RtMidiInput(RtMidiInHandle handle, string name)
        : base(name)
    {
        _handle = handle;
        _self = GCHandle.Alloc(this);
        RtMidiNative.InIgnoreTypes(handle, midiSysex: false, midiTime: false, midiSense: false);
        RtMidiStatus.Check(handle, name, "rtmidi_in_ignore_types");
        RtMidiNative.InSetCallback(handle, &OnMessage, GCHandle.ToIntPtr(_self));
        RtMidiStatus.Check(handle, name, "rtmidi_in_set_callback");
    }

    /// <summary>Callback faults that could not be attributed to a port (should stay 0).</summary>
    public static long OrphanFaults => Interlocked.Read(ref s_orphanFaults);

    void IRtMidiPort.Attach(IDisposable watch) => _watch = watch;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        _watch?.Dispose();
        if (!_handle.IsInvalid && !_handle.IsClosed)
        {
            RtMidiNative.InCancelCallback(_handle);
            RtMidiNative.ClosePort(_handle);
        }

        _handle.Dispose();
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMessage(double deltaSeconds, byte* message, nuint size, IntPtr userData)
    {
        var now = MidiClock.Now; // RtMidi's delta is per-API and relative; one monotonic clock serves the engine better
        try
        {
            if (GCHandle.FromIntPtr(userData).Target is RtMidiInput self && message is not null)
            {
                self.Deliver(new ReadOnlySpan<byte>(message, (int)size), now);
            }
        }
        catch (Exception)
        {
            Interlocked.Increment(ref s_orphanFaults);
        }
    }
}
