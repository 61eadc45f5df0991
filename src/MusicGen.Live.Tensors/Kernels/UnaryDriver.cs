using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The one SIMD loop for elementwise operators: Vector512 blocks, then Vector256, then Vector128, then scalar
/// for the ragged tail, from the widest <see cref="SimdWidth"/> allows (the dotnet/runtime TensorPrimitives pattern). y may alias x. Any thread; no allocation.
/// Kernels are marked AggressiveOptimization: their tier-0 code is many times slower, and under CPU contention
/// tiered JIT was seen to leave them there for seconds (a live engine cannot wait for promotion).
/// </summary>
public static class UnaryDriver
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOp>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IUnaryOperator
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException($"output has {y.Length} elements, input {x.Length}", nameof(y));
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var n = x.Length;
        var i = 0;
        var bits = SimdWidth.Bits;
        if (Vector512.IsHardwareAccelerated && bits >= 512)
        {
            for (; i + 16 <= n; i += 16)
            {
                TOp.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated && bits >= 256)
        {
            for (; i + 8 <= n; i += 8)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated && bits >= 128)
        {
            for (; i + 4 <= n; i += 4)
            {
                TOp.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) = TOp.Invoke(Unsafe.Add(ref xr, i));
        }
    }
}
