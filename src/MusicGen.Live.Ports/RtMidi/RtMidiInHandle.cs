using Microsoft.Win32.SafeHandles;

namespace MusicGen.Live.Ports.RtMidi;

/// <summary>Owns one <c>RtMidiInPtr</c>; freeing it closes the port (and RtMidi's JACK client or ALSA sequencer handle).</summary>
internal sealed class RtMidiInHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public RtMidiInHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        RtMidiNative.InFree(handle);
        return true;
    }
}
