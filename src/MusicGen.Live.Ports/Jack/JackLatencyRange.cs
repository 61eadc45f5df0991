using System.Runtime.InteropServices;

namespace MusicGen.Live.Ports.Jack;

/// <summary>libjack's <c>jack_latency_range_t</c>: the lowest and highest latency of a port, in frames.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct JackLatencyRange
{
    public uint Min;
    public uint Max;
}
