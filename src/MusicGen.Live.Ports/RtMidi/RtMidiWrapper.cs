using System.Runtime.InteropServices;

namespace MusicGen.Live.Ports.RtMidi;

/// <summary>RtMidi's C <c>struct RtMidiWrapper</c>: every handle points at one; <c>ok</c>/<c>msg</c> report the last call.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RtMidiWrapper
{
    public void* Ptr;
    public void* Data;
    [MarshalAs(UnmanagedType.U1)]
    public bool Ok;
    public byte* Msg;
}
