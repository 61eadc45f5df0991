using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Symmetric dynamic int16 quantization of a float vector: scale = max|x| / <see cref="Max"/>, q = round(x / scale),
/// so |q| ≤ <see cref="Max"/> = 32767 and −32768 never occurs (the integer kernels' overflow bounds rely on it, see
/// <see cref="IntegerAttention"/>). Made for operands quantized anew each call (a query, a row of attention
/// weights), so it is vectorised: one pass for the largest magnitude, one to scale, round and narrow (x86's cvtps2dq, ARM's fcvtzs after the rounding). Any thread;
/// no allocation.
/// </summary>
public static unsafe class Int16Quantizer
{
    /// <summary>Largest magnitude a quantized value takes.</summary>
    public const int Max = short.MaxValue;

    /// <summary>
    /// Writes q[i] = round(x[i] / scale) and returns scale = max|x| / <see cref="Max"/>. All zeros give scale 0 and
    /// zeros; a NaN or infinite x gives a NaN scale and zeros, so whatever multiplies by the scale sees NaN, as float
    /// arithmetic on x would have.
    /// </summary>
    public static float Quantize(ReadOnlySpan<float> x, Span<short> q)
    {
        if (q.Length < x.Length)
        {
            throw new ArgumentException($"int16 quantize: {x.Length} values, room for {q.Length}", nameof(q));
        }

        var n = x.Length;
        if (n == 0)
        {
            return 0f;
        }

        var max = MaxAbs(x);
        if (!float.IsFinite(max))
        {
            q[..n].Clear();
            return float.NaN;
        }

        var scale = max / Max;
        var inverse = max > 0 ? Max / max : 0f;
        if (float.IsInfinity(inverse))
        {
            // max below about 1e-34: Max / max overflows float, so scale in double (rare; scalar is fine). The scale
            // itself is then subnormal and carries fewer bits.
            for (var j = 0; j < n; j++)
            {
                q[j] = (short)Math.Clamp(Math.Round(x[j] * ((double)Max / max)), -Max, Max);
            }

            return scale;
        }

        var bits = SimdWidth.Bits;
        fixed (float* px = x)
        fixed (short* pq = q)
        {
            var i = 0;
            if (Vector512.IsHardwareAccelerated && bits >= 512)
            {
                var s = Vector512.Create(inverse);
                for (; i + 32 <= n; i += 32)
                {
                    var lo = Vector512.ConvertToInt32Native(Vector512.Round(Vector512.Load(px + i) * s));
                    var hi = Vector512.ConvertToInt32Native(Vector512.Round(Vector512.Load(px + i + 16) * s));
                    Vector512.Narrow(lo, hi).Store(pq + i);
                }
            }

            if (Vector256.IsHardwareAccelerated && bits >= 256)
            {
                var s = Vector256.Create(inverse);
                for (; i + 16 <= n; i += 16)
                {
                    var lo = Vector256.ConvertToInt32Native(Vector256.Round(Vector256.Load(px + i) * s));
                    var hi = Vector256.ConvertToInt32Native(Vector256.Round(Vector256.Load(px + i + 8) * s));
                    Vector256.Narrow(lo, hi).Store(pq + i);
                }
            }

            if (Vector128.IsHardwareAccelerated && bits >= 128)
            {
                var s = Vector128.Create(inverse);
                for (; i + 8 <= n; i += 8)
                {
                    var lo = Vector128.ConvertToInt32Native(Vector128.Round(Vector128.Load(px + i) * s));
                    var hi = Vector128.ConvertToInt32Native(Vector128.Round(Vector128.Load(px + i + 4) * s));
                    Vector128.Narrow(lo, hi).Store(pq + i);
                }
            }

            for (; i < n; i++)
            {
                pq[i] = One(px[i], inverse);
            }
        }

        return scale;
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

    /// <summary>
    /// One value, as the vector bodies round it (to nearest, ties to even). x·inverse never exceeds
    /// <see cref="Max"/> in magnitude by more than a rounding error, which the clamp absorbs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static short One(float x, float inverse) => (short)Math.Clamp(MathF.Round(x * inverse), -Max, Max);
}
