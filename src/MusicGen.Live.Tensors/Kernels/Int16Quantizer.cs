using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Dynamic symmetric int16 quantization of an activation vector for the integer dot-product kernels
/// (<see cref="MatVecInt8.RunInt16Activations"/>): one scale for the whole vector, x ≈ scale·q with
/// |q| ≤ <c>limit</c>. The caller picks <c>limit</c> below 32767 so its int32 sums are bounded (see the kernel).
/// A vector holding a NaN or an infinity gets a non-finite scale and zeros, so the products it feeds come out
/// NaN, as float's would, rather than a finite wrong number. Pure functions: any thread; no allocation.
/// </summary>
public static class Int16Quantizer
{
    /// <summary>max|x| / <paramref name="limit"/>: the scale that maps the largest magnitude onto ±limit (0 for an all-zero x).</summary>
    public static float ScaleOf(ReadOnlySpan<float> x, int limit)
    {
        CheckLimit(limit);
        return x.IsEmpty ? 0f : MathF.Abs(TensorPrimitives.MaxMagnitude(x)) / limit;
    }

    /// <summary>
    /// q[i] = round(x[i] / scale), ties to even, clamped to ±<paramref name="limit"/> (the clamp makes the bound hold
    /// whatever the rounding of the scale); zeros when the scale is 0 or not finite. Vector bodies per width; for a
    /// finite x equal to <see cref="Reference"/> bit for bit (the same float multiply and rounding in each lane).
    /// Min/max are the native instructions (a NaN lane lands on a bound there, not on 0): the clamp is only for bounds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quantize(ReadOnlySpan<float> x, float scale, int limit, Span<short> q)
    {
        CheckLimit(limit);
        if (q.Length < x.Length)
        {
            throw new ArgumentException($"int16 quantize: {x.Length} values need as many outputs, got {q.Length}", nameof(q));
        }

        var inverse = Inverse(scale);
        if (inverse == 0f)
        {
            // An infinite x times 0 is NaN: clear rather than convert it.
            q[..x.Length].Clear();
            return;
        }

        var bits = SimdWidth.Bits;
        var i = 0;
        ref var px = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref var pq = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(q);
        if (Vector256.IsHardwareAccelerated && bits >= 256)
        {
            var inv = Vector256.Create(inverse);
            var hi = Vector256.Create((float)limit);
            for (; i + 16 <= x.Length; i += 16)
            {
                var a = Round(Vector256.LoadUnsafe(ref px, (nuint)i), inv, hi);
                var b = Round(Vector256.LoadUnsafe(ref px, (nuint)(i + 8)), inv, hi);
                Vector256.Narrow(a, b).StoreUnsafe(ref pq, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated && bits >= 128)
        {
            var inv = Vector128.Create(inverse);
            var hi = Vector128.Create((float)limit);
            for (; i + 8 <= x.Length; i += 8)
            {
                var a = Round(Vector128.LoadUnsafe(ref px, (nuint)i), inv, hi);
                var b = Round(Vector128.LoadUnsafe(ref px, (nuint)(i + 4)), inv, hi);
                Vector128.Narrow(a, b).StoreUnsafe(ref pq, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            q[i] = One(x[i], inverse, limit);
        }
    }

    /// <summary>Reference of <see cref="Quantize"/>: one value at a time.</summary>
    public static void Reference(ReadOnlySpan<float> x, float scale, int limit, Span<short> q)
    {
        CheckLimit(limit);
        var inverse = Inverse(scale);
        for (var i = 0; i < x.Length; i++)
        {
            q[i] = One(x[i], inverse, limit);
        }
    }

    /// <summary>1 / scale, or 0 where that would not give finite products (scale 0, NaN or infinite).</summary>
    private static float Inverse(float scale) => scale > 0f && float.IsFinite(scale) ? 1f / scale : 0f;

    private static short One(float x, float inverse, int limit)
    {
        var r = MathF.Round(x * inverse, MidpointRounding.ToEven);
        return float.IsNaN(r) ? (short)0 : (short)Math.Clamp(r, -limit, limit);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Round(Vector256<float> x, Vector256<float> inverse, Vector256<float> limit) =>
        Vector256.ConvertToInt32(Vector256.MinNative(Vector256.MaxNative(Vector256.Round(x * inverse), -limit), limit));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Round(Vector128<float> x, Vector128<float> inverse, Vector128<float> limit) =>
        Vector128.ConvertToInt32(Vector128.MinNative(Vector128.MaxNative(Vector128.Round(x * inverse), -limit), limit));

    private static void CheckLimit(int limit)
    {
        if (limit is < 1 or > short.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), $"int16 quantize: limit must be 1..{short.MaxValue}, got {limit}");
        }
    }
}
