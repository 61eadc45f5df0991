using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The weights <see cref="IntegerAttention.WeightedSum"/> takes, from one head's scores in one fused pass: the
/// softmax numerators exp(s[t] − max) times each position's value scale, quantized to int16 as
/// <see cref="Int16Quantizer"/> does, the softmax's division folded into the returned scale. Softmax.Row, a multiply
/// and the quantizer's max would be six passes over the row; here one for the max, one for exp, sum and scaling, one
/// to narrow. exp is a float polynomial (Cephes' expf: Cody–Waite reduction by ln 2, degree 7, about 1 ulp), not
/// TensorPrimitives.Exp, which computes float exp in double and is several times slower; the int16 rounding that
/// follows is 1.5e-5 of the largest weight, far coarser. Any thread; no allocation.
/// </summary>
public static unsafe class AttentionWeights
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;

    /// <summary>Below this exp is clamped (exp(−87) is still a normal float, so 2ⁿ needs no subnormal case).</summary>
    private const float Lowest = -87f;

    /// <summary>
    /// Writes w[t] = round(exp(s[t] − max s) · valueScale[t] / q) and returns q / Σ_t exp(s[t] − max s), so that
    /// returned · Σ_t w[t] · v[t] ≈ Σ_t softmax(s)[t] · valueScale[t] · v[t]. Scores of −∞ (masked positions) get
    /// weight 0 (exp is clamped at exp(−87), which rounds to 0 beside the largest weight). A NaN or +∞ score, or a NaN
    /// value scale, gives a NaN scale and zeros. <paramref name="scores"/> is used as scratch (left holding the scaled
    /// numerators).
    /// </summary>
    public static float Quantize(Span<float> scores, ReadOnlySpan<float> valueScale, Span<short> w)
    {
        var n = scores.Length;
        if (valueScale.Length < n || w.Length < n)
        {
            throw new ArgumentException($"attention weights: {n} scores, {valueScale.Length} value scales, room for {w.Length}");
        }

        if (n == 0)
        {
            return 0f;
        }

        var max = TensorPrimitives.Max(scores);
        if (!float.IsFinite(max))
        {
            w[..n].Clear();
            return float.NaN;
        }

        var sum = 0f;
        var bits = SimdWidth.Bits;
        fixed (float* ps = scores)
        fixed (float* pv = valueScale)
        {
            var i = 0;
            if (Vector512.IsHardwareAccelerated && bits >= 512)
            {
                var m = Vector512.Create(max);
                var s = Vector512<float>.Zero;
                for (; i + 16 <= n; i += 16)
                {
                    var e = Exp(Vector512.Load(ps + i) - m);
                    s += e;
                    (e * Vector512.Load(pv + i)).Store(ps + i);
                }

                sum += Vector512.Sum(s);
            }

            if (Vector256.IsHardwareAccelerated && bits >= 256)
            {
                var m = Vector256.Create(max);
                var s = Vector256<float>.Zero;
                for (; i + 8 <= n; i += 8)
                {
                    var e = Exp(Vector256.Load(ps + i) - m);
                    s += e;
                    (e * Vector256.Load(pv + i)).Store(ps + i);
                }

                sum += Vector256.Sum(s);
            }

            if (Vector128.IsHardwareAccelerated && bits >= 128)
            {
                var m = Vector128.Create(max);
                var s = Vector128<float>.Zero;
                for (; i + 4 <= n; i += 4)
                {
                    var e = Exp(Vector128.Load(ps + i) - m);
                    s += e;
                    (e * Vector128.Load(pv + i)).Store(ps + i);
                }

                sum += Vector128.Sum(s);
            }

            for (; i < n; i++)
            {
                var e = Exp(ps[i] - max);
                sum += e;
                ps[i] = e * pv[i];
            }
        }

        var scale = Int16Quantizer.Quantize(scores, w);
        return scale / sum;
    }

    /// <summary>
    /// Plain reference of <see cref="Quantize"/> before the rounding: softmax(s)[t] · valueScale[t] in double (what
    /// returned · w[t] approximates).
    /// </summary>
    public static void Reference(ReadOnlySpan<float> scores, ReadOnlySpan<float> valueScale, Span<double> weights)
    {
        var max = double.NegativeInfinity;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        var sum = 0.0;
        for (var t = 0; t < scores.Length; t++)
        {
            sum += Math.Exp(scores[t] - max);
        }

        for (var t = 0; t < scores.Length; t++)
        {
            weights[t] = Math.Exp(scores[t] - max) / sum * valueScale[t];
        }
    }

    /// <summary>exp(x) for x ≤ 0 (clamped at <see cref="Lowest"/>): x = n·ln 2 + r, |r| ≤ ln 2 / 2, exp(r) by polynomial, 2ⁿ by exponent bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Max(x, Vector512.Create(Lowest));
        var n = Vector512.Round(x * Log2E);
        var r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.MultiplyAddEstimate(Vector512.Create(1.9875691500E-4f), r, Vector512.Create(1.3981999507E-3f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(8.3334519073E-3f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(4.1665795894E-2f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1.6666665459E-1f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(5.0000001201E-1f));
        p = Vector512.MultiplyAddEstimate(p, r * r, r + Vector512<float>.One);
        var two = (Vector512.ConvertToInt32Native(n) + Vector512.Create(127)) << 23;
        return p * two.AsSingle();
    }

    /// <inheritdoc cref="Exp(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Max(x, Vector256.Create(Lowest));
        var n = Vector256.Round(x * Log2E);
        var r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.MultiplyAddEstimate(Vector256.Create(1.9875691500E-4f), r, Vector256.Create(1.3981999507E-3f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(8.3334519073E-3f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(4.1665795894E-2f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1.6666665459E-1f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(5.0000001201E-1f));
        p = Vector256.MultiplyAddEstimate(p, r * r, r + Vector256<float>.One);
        var two = (Vector256.ConvertToInt32Native(n) + Vector256.Create(127)) << 23;
        return p * two.AsSingle();
    }

    /// <inheritdoc cref="Exp(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Exp(Vector128<float> x)
    {
        x = Vector128.Max(x, Vector128.Create(Lowest));
        var n = Vector128.Round(x * Log2E);
        var r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Hi), x);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Lo), r);
        var p = Vector128.MultiplyAddEstimate(Vector128.Create(1.9875691500E-4f), r, Vector128.Create(1.3981999507E-3f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(8.3334519073E-3f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(4.1665795894E-2f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(1.6666665459E-1f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(5.0000001201E-1f));
        p = Vector128.MultiplyAddEstimate(p, r * r, r + Vector128<float>.One);
        var two = (Vector128.ConvertToInt32Native(n) + Vector128.Create(127)) << 23;
        return p * two.AsSingle();
    }

    /// <inheritdoc cref="Exp(Vector512{float})"/>
    internal static float Exp(float x)
    {
        x = Math.Max(x, Lowest);
        var n = MathF.Round(x * Log2E);
        var r = MathF.FusedMultiplyAdd(n, -Ln2Lo, MathF.FusedMultiplyAdd(n, -Ln2Hi, x));
        var p = (1.9875691500E-4f * r) + 1.3981999507E-3f;
        p = (p * r) + 8.3334519073E-3f;
        p = (p * r) + 4.1665795894E-2f;
        p = (p * r) + 1.6666665459E-1f;
        p = (p * r) + 5.0000001201E-1f;
        p = (p * r * r) + r + 1f;
        return p * BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
    }
}
