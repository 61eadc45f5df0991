using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The weights <see cref="IntegerAttention.WeightedSum"/> takes, from one head's scores in one fused pass: the
/// softmax numerators exp(s[t] − max) times each position's value scale, quantized to int16 as
/// <see cref="Int16Quantizer"/> does, the softmax's division folded into the returned scale. Softmax.Row, a multiply
/// and the quantizer's max would be six passes over the row; here one for the max, one for exp, sum and scaling, one
/// to narrow. exp is <see cref="VectorMath.Exp(Vector512{float})"/> (Cephes' expf, about 1e-7 relative; the tail
/// through its Vector128 form, so it rounds like the body), not TensorPrimitives.Exp, which computes float exp in
/// double and is several times slower; the int16 rounding that follows is far coarser. Any thread; no allocation.
/// </summary>
public static unsafe class AttentionWeights
{
    /// <summary>
    /// Writes w[t] = round(exp(s[t] − max s) · valueScale[t] / q) and returns q / Σ_t exp(s[t] − max s), so that
    /// returned · Σ_t w[t] · v[t] ≈ Σ_t softmax(s)[t] · valueScale[t] · v[t]. Scores of −∞ (masked positions) get
    /// weight 0 (exp is clamped near exp(−87), which rounds to 0 beside the largest weight). A NaN or +∞ score, or a NaN
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
                    var e = VectorMath.Exp(Vector512.Load(ps + i) - m);
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
                    var e = VectorMath.Exp(Vector256.Load(ps + i) - m);
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
                    var e = VectorMath.Exp(Vector128.Load(ps + i) - m);
                    s += e;
                    (e * Vector128.Load(pv + i)).Store(ps + i);
                }

                sum += Vector128.Sum(s);
            }

            for (; i < n; i++)
            {
                var e = Vector128.ToScalar(VectorMath.Exp(Vector128.CreateScalar(ps[i] - max)));
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
}
