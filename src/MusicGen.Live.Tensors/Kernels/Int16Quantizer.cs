using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Dynamic symmetric int16 quantization of a vector quantized anew each call, for the integer dot-product kernels
/// (activations in <see cref="MatVecInt8.RunInt16Activations"/>, the query and the attention weights in
/// <see cref="IntegerAttention"/>): one scale for the whole vector, x ≈ scale·q with |q| ≤ <c>limit</c>, so −32768
/// never occurs. Each caller picks its limit so its int32 sums are bounded (see the kernels). A vector holding a NaN
/// or an infinity gets a NaN scale and zeros, so the products it feeds come out NaN, as float's would, rather than a
/// finite wrong number. Vectorised (one pass for the largest magnitude, one to scale, round, clamp and narrow). Pure
/// functions: any thread; no allocation.
/// </summary>
public static unsafe class Int16Quantizer
{
    /// <summary>Largest magnitude a quantized value can take: the limit of <see cref="Quantize(ReadOnlySpan{float}, Span{short})"/>.</summary>
    public const int Max = short.MaxValue;

    /// <summary>Quantizes x with limit <see cref="Max"/> and returns its scale (see <see cref="ScaleOf"/>).</summary>
    public static float Quantize(ReadOnlySpan<float> x, Span<short> q)
    {
        var scale = ScaleOf(x, Max);
        Quantize(x, scale, Max, q);
        return scale;
    }

    /// <summary>
    /// max|x| / <paramref name="limit"/>: the scale that maps the largest magnitude onto ±limit (0 for an all-zero or
    /// empty x; NaN when x holds a NaN or an infinity).
    /// </summary>
    public static float ScaleOf(ReadOnlySpan<float> x, int limit)
    {
        CheckLimit(limit);
        return MaxAbs(x) / limit;
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
        if (inverse == 0f || float.IsInfinity(inverse))
        {
            // Scale 0 or not finite: zeros (an infinite x times 0 is NaN, so clear rather than convert). A subnormal
            // scale (max|x| below about 1e-34) overflows 1/scale: the reference's double path, rare, scalar is fine.
            Reference(x, scale, limit, q);
            return;
        }

        var bits = SimdWidth.Bits;
        var n = x.Length;
        var i = 0;
        fixed (float* px = x)
        fixed (short* pq = q)
        {
            if (Vector512.IsHardwareAccelerated && bits >= 512)
            {
                var inv = Vector512.Create(inverse);
                var hi = Vector512.Create((float)limit);
                for (; i + 32 <= n; i += 32)
                {
                    var a = Vector512.ConvertToInt32Native(Vector512.MinNative(Vector512.MaxNative(Vector512.Round(Vector512.Load(px + i) * inv), -hi), hi));
                    var b = Vector512.ConvertToInt32Native(Vector512.MinNative(Vector512.MaxNative(Vector512.Round(Vector512.Load(px + i + 16) * inv), -hi), hi));
                    Vector512.Narrow(a, b).Store(pq + i);
                }
            }

            if (Vector256.IsHardwareAccelerated && bits >= 256)
            {
                var inv = Vector256.Create(inverse);
                var hi = Vector256.Create((float)limit);
                for (; i + 16 <= n; i += 16)
                {
                    var a = Vector256.ConvertToInt32Native(Vector256.MinNative(Vector256.MaxNative(Vector256.Round(Vector256.Load(px + i) * inv), -hi), hi));
                    var b = Vector256.ConvertToInt32Native(Vector256.MinNative(Vector256.MaxNative(Vector256.Round(Vector256.Load(px + i + 8) * inv), -hi), hi));
                    Vector256.Narrow(a, b).Store(pq + i);
                }
            }

            if (Vector128.IsHardwareAccelerated && bits >= 128)
            {
                var inv = Vector128.Create(inverse);
                var hi = Vector128.Create((float)limit);
                for (; i + 8 <= n; i += 8)
                {
                    var a = Vector128.ConvertToInt32Native(Vector128.MinNative(Vector128.MaxNative(Vector128.Round(Vector128.Load(px + i) * inv), -hi), hi));
                    var b = Vector128.ConvertToInt32Native(Vector128.MinNative(Vector128.MaxNative(Vector128.Round(Vector128.Load(px + i + 4) * inv), -hi), hi));
                    Vector128.Narrow(a, b).Store(pq + i);
                }
            }

            for (; i < n; i++)
            {
                pq[i] = One(px[i], inverse, limit);
            }
        }
    }

    /// <summary>Reference of <see cref="Quantize(ReadOnlySpan{float}, float, int, Span{short})"/>: one value at a time.</summary>
    public static void Reference(ReadOnlySpan<float> x, float scale, int limit, Span<short> q)
    {
        CheckLimit(limit);
        var inverse = Inverse(scale);
        if (float.IsInfinity(inverse))
        {
            // Subnormal scale: 1/scale overflows float, so scale in double. The scale itself carries fewer bits.
            for (var j = 0; j < x.Length; j++)
            {
                q[j] = (short)Math.Clamp(Math.Round(x[j] / (double)scale, MidpointRounding.ToEven), -limit, limit);
            }

            return;
        }

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

    /// <summary>
    /// max|x|, or NaN when x holds a NaN or an infinity. Not TensorPrimitives.MaxMagnitude, which returns the signed
    /// value and orders NaNs per element (several times slower on a row of attention weights): here the largest
    /// magnitude by the native max instruction, and a second accumulator of x · 0, which only a NaN or an infinity
    /// makes NaN.
    /// </summary>
    private static float MaxAbs(ReadOnlySpan<float> x)
    {
        var bits = SimdWidth.Bits;
        var n = x.Length;
        var i = 0;
        var max = 0f;
        var check = 0f;
        fixed (float* px = x)
        {
            if (Vector256.IsHardwareAccelerated && bits >= 256 && n >= 8)
            {
                Vector256<float> m = default, c = default;
                if (Vector512.IsHardwareAccelerated && bits >= 512 && n >= 16)
                {
                    Vector512<float> m5 = default, c5 = default;
                    for (; i + 16 <= n; i += 16)
                    {
                        var v = Vector512.Load(px + i);
                        m5 = Vector512.MaxNative(m5, Vector512.Abs(v));
                        c5 += v * Vector512<float>.Zero;
                    }

                    m = Vector256.MaxNative(m5.GetLower(), m5.GetUpper());
                    c = c5.GetLower() + c5.GetUpper();
                }

                for (; i + 8 <= n; i += 8)
                {
                    var v = Vector256.Load(px + i);
                    m = Vector256.MaxNative(m, Vector256.Abs(v));
                    c += v * Vector256<float>.Zero;
                }

                for (var j = 0; j < 8; j++)
                {
                    max = Math.Max(max, m[j]);
                    check += c[j];
                }
            }
            else if (Vector128.IsHardwareAccelerated && bits >= 128 && n >= 4)
            {
                Vector128<float> m = default, c = default;
                for (; i + 4 <= n; i += 4)
                {
                    var v = Vector128.Load(px + i);
                    m = Vector128.MaxNative(m, Vector128.Abs(v));
                    c += v * Vector128<float>.Zero;
                }

                for (var j = 0; j < 4; j++)
                {
                    max = Math.Max(max, m[j]);
                    check += c[j];
                }
            }

            for (; i < n; i++)
            {
                max = Math.Max(max, Math.Abs(px[i]));
                check += px[i] * 0f;
            }
        }

        return float.IsNaN(check) ? float.NaN : max;
    }

    private static void CheckLimit(int limit)
    {
        if (limit is < 1 or > short.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), $"int16 quantize: limit must be 1..{short.MaxValue}, got {limit}");
        }
    }
}
