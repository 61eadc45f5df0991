using System.Runtime.CompilerServices;

namespace MusicGen.Live.Tensors.Core;

/// <summary>
/// An array whose first element sits on a 64-byte boundary (a cache line, and one Vector512): a .NET array's
/// data starts 16 bytes into its object, so every Vector512 load from an ordinary array straddles two cache lines.
/// With decode weights streamed from the last-level cache that costs the bf16 matvec about a quarter of its
/// time at Vector512 (the AVX-512 path ran slower than the AVX2 one). Allocated on the pinned object heap, so the
/// GC never moves it off the boundary. Read-only once filled; any thread.
/// </summary>
public sealed class AlignedArray<T>
    where T : unmanaged
{
    private const int Alignment = 64;

    private readonly T[] _array;
    private readonly int _offset;

    public unsafe AlignedArray(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var size = Unsafe.SizeOf<T>();
        _array = GC.AllocateArray<T>(length + (Alignment / size), pinned: true);
        var address = (long)Unsafe.AsPointer(ref _array[0]);
        var misaligned = (int)(address % Alignment);
        _offset = misaligned == 0 ? 0 : (Alignment - misaligned) / size;
        Length = length;
    }

    public int Length { get; }

    public Span<T> Span => _array.AsSpan(_offset, Length);
}
