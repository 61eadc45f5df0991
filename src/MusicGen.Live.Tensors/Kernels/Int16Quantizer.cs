using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Symmetric dynamic int16 quantization of a float vector: scale = max|x| / <see cref="Max"/>, q = round(x / scale),
/// so |q| ≤ <see cref="Max"/> = 32767 and −32768 never occurs (the integer kernels' overflow bounds rely on it, see
/// <see cref="IntegerAttention"/>). Made for operands quantized anew each call (a query, a row of attention
/// weights), so it is vectorised: one pass for the largest magnitude, one to scale, round and narrow. Any thread;
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

        var max = TensorPrimitives.MaxMagnitude(x);
        max = Math.Abs(max);
        if (!float.IsFinite(max))
        {
            q[..n].Clear();
            return float.NaN;
        }

        var scale = max / Max;
        var inverse = max > 0 ? Max / max : 0f;
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
                    var lo = Vector512.ConvertToInt32(Vector512.Round(Vector512.Load(px + i) * s));
                    var hi = Vector512.ConvertToInt32(Vector512.Round(Vector512.Load(px + i + 16) * s));
                    Vector512.Narrow(lo, hi).Store(pq + i);
                }
            }

            if (Vector256.IsHardwareAccelerated && bits >= 256)
            {
                var s = Vector256.Create(inverse);
                for (; i + 16 <= n; i += 16)
                {
                    var lo = Vector256.ConvertToInt32(Vector256.Round(Vector256.Load(px + i) * s));
                    var hi = Vector256.ConvertToInt32(Vector256.Round(Vector256.Load(px + i + 8) * s));
                    Vector256.Narrow(lo, hi).Store(pq + i);
                }
            }

            if (Vector128.IsHardwareAccelerated && bits >= 128)
            {
                var s = Vector128.Create(inverse);
                for (; i + 8 <= n; i += 8)
                {
                    var lo = Vector128.ConvertToInt32(Vector128.Round(Vector128.Load(px + i) * s));
                    var hi = Vector128.ConvertToInt32(Vector128.Round(Vector128.Load(px + i + 4) * s));
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
    /// One value, as the vector bodies round it (to nearest, ties to even). x·inverse never exceeds
    /// <see cref="Max"/> in magnitude by more than a rounding error, which the clamp absorbs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static short One(float x, float inverse) => (short)Math.Clamp(MathF.Round(x * inverse), -Max, Max);
}
