using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The per-width kernels' last step: store an accumulated vector, or add it to what is there (y = W·x vs y += W·x).
/// One overload per width so every kernel body stores the same way. The interleaved forms take sums
/// kept apart for even and odd columns (bf16 pairs read as 32-bit lanes, see <see cref="MatVecBf16"/>) and store
/// them in column order. Pure functions: any thread.
/// </summary>
internal static unsafe class VectorStore
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOrAdd(float* dst, Vector512<float> v, bool accumulate) =>
        (accumulate ? v + Vector512.Load(dst) : v).Store(dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOrAdd(float* dst, Vector256<float> v, bool accumulate) =>
        (accumulate ? v + Vector256.Load(dst) : v).Store(dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOrAdd(float* dst, Vector128<float> v, bool accumulate) =>
        (accumulate ? v + Vector128.Load(dst) : v).Store(dst);

    /// <summary>dst[2i] (+)= even[i], dst[2i+1] (+)= odd[i] for 32 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOrAddInterleaved(float* dst, Vector512<float> even, Vector512<float> odd, bool accumulate)
    {
        if (Avx512F.IsSupported)
        {
            var lo = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            var hi = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            StoreOrAdd(dst, Avx512F.PermuteVar16x32x2(even, lo, odd), accumulate);
            StoreOrAdd(dst + 16, Avx512F.PermuteVar16x32x2(even, hi, odd), accumulate);
        }
        else
        {
            StoreOrAddInterleaved(dst, even.GetLower(), odd.GetLower(), accumulate);
            StoreOrAddInterleaved(dst + 16, even.GetUpper(), odd.GetUpper(), accumulate);
        }
    }

    /// <summary>dst[2i] (+)= even[i], dst[2i+1] (+)= odd[i] for 16 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOrAddInterleaved(float* dst, Vector256<float> even, Vector256<float> odd, bool accumulate)
    {
        if (Avx.IsSupported)
        {
            var lo = Avx.UnpackLow(even, odd); // e0 o0 e1 o1 | e4 o4 e5 o5
            var hi = Avx.UnpackHigh(even, odd); // e2 o2 e3 o3 | e6 o6 e7 o7
            StoreOrAdd(dst, Avx.Permute2x128(lo, hi, 0x20), accumulate);
            StoreOrAdd(dst + 8, Avx.Permute2x128(lo, hi, 0x31), accumulate);
        }
        else
        {
            StoreOrAddInterleaved(dst, even.GetLower(), odd.GetLower(), accumulate);
            StoreOrAddInterleaved(dst + 8, even.GetUpper(), odd.GetUpper(), accumulate);
        }
    }

    /// <summary>dst[2i] (+)= even[i], dst[2i+1] (+)= odd[i] for 8 floats (SSE unpack, NEON zip, else element by element).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOrAddInterleaved(float* dst, Vector128<float> even, Vector128<float> odd, bool accumulate)
    {
        if (Sse.IsSupported)
        {
            StoreOrAdd(dst, Sse.UnpackLow(even, odd), accumulate);
            StoreOrAdd(dst + 4, Sse.UnpackHigh(even, odd), accumulate);
        }
        else if (AdvSimd.Arm64.IsSupported)
        {
            StoreOrAdd(dst, AdvSimd.Arm64.ZipLow(even, odd), accumulate);
            StoreOrAdd(dst + 4, AdvSimd.Arm64.ZipHigh(even, odd), accumulate);
        }
        else
        {
            for (var i = 0; i < 4; i++)
            {
                dst[2 * i] = (accumulate ? dst[2 * i] : 0f) + even.GetElement(i);
                dst[(2 * i) + 1] = (accumulate ? dst[(2 * i) + 1] : 0f) + odd.GetElement(i);
            }
        }
    }
}
