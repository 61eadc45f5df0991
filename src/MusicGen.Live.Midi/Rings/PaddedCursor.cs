using System.Runtime.InteropServices;

namespace MusicGen.Live.Midi.Rings;

/// <summary>
/// One ring cursor alone on its cache line(s): 128 bytes with the values in the middle, so neither the
/// neighbouring cursor nor the object header can share a line with it (128 covers adjacent-line prefetch).
/// <see cref="Value"/> is the owner's published position; <see cref="Cached"/> is the owner's private
/// copy of the other side's cursor, refreshed only when the ring looks full or empty (fewer cross-core reads).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
public struct PaddedCursor
{
    [FieldOffset(56)]
    public long Value;

    [FieldOffset(64)]
    public long Cached;
}
