using System.Runtime.InteropServices;

namespace MusicGen.Live.Engine.Core;

/// <summary>A ring cursor alone on its cache line (128 bytes covers adjacent-line prefetch), so producer and consumer do not false-share.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedCursor
{
    [FieldOffset(64)]
    public long Value;
}
