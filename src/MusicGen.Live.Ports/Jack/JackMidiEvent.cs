using System.Runtime.InteropServices;

namespace MusicGen.Live.Ports.Jack;

/// <summary>libjack's <c>jack_midi_event_t</c>: frame offset in the cycle, size, pointer into the port buffer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct JackMidiEvent
{
    public uint Time;
    public nuint Size;
    public byte* Buffer;
}
