using Microsoft.Win32.SafeHandles;

namespace MusicGen.Live.Ports.RtMidi;

/// <summary>Owns one <c>RtMidiOutPtr</c>; freeing it closes the port.</summary>
internal sealed class RtMidiOutHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public RtMidiOutHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        RtMidiNative.OutFree(handle);
        return true;
    }
}
