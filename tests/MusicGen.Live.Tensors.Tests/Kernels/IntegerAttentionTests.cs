using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Tests.Kernels;

/// <summary>
/// <see cref="IntegerAttention"/> and <see cref="Int16Quantizer"/> at every vector width this CPU has: each width's
/// body against the plain reference (odd position counts, part-filled panels, odd head sizes in pairs, several flush
/// intervals), against float attention within the bound quantization allows, and at the int32 edge (−128 and
/// −32768 everywhere, the largest head, many flushes).
/// </summary>
public sealed class IntegerAttentionTests
{
    public static TheoryData<int> Widths() => new() { 512, 256, 128, 32 };

    private static readonly int[] s_heads = [2, 6, 10, 64, 72, 130, IntegerAttention.MaxHeadDim];

    private static readonly int[] s_counts = [0, 1, 2, 3, 7, 31, 32, 33, 100, 511, 1021];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Scores_match_the_reference(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 1);
        foreach (var hd in s_heads)
        {
            foreach (var count in s_counts)
            {
                var k = RandomInt8(rng, count * hd);
                var q = RandomInt16(rng, hd);
                var scales = Close.Random(rng, count, 2f);
                var packed = PackKeys(rng, k, hd, count);
                var e = new float[count];
                var a = new float[count + 5];
                a.AsSpan(count).Fill(-7f);
                IntegerAttention.ScoresReference(k, scales, q, 0.01f, e, hd, count);
                IntegerAttention.Scores(packed, scales, q, 0.01f, a, hd, count);
                Close.All(e, a.AsSpan(0, count), 1e-6f, 1e-6f, $"{SimdWidth.Describe()} scores hd={hd} count={count}");
                Assert.All(a[count..], v => Assert.Equal(-7f, v)); // nothing written past count
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Weighted_sums_match_the_reference(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 2);
        foreach (var hd in s_heads)
        {
            foreach (var count in s_counts.Append(2 * IntegerAttention.FlushPairs).Append((4 * IntegerAttention.FlushPairs) + 3))
            {
                var v = RandomInt8(rng, count * hd);
                var w = RandomInt16(rng, count);
                var packed = PackValues(rng, v, hd, count);
                var e = new float[hd];
                var a = Close.Random(rng, hd + 3); // written, not added to
                var after = a[hd..].ToArray();
                IntegerAttention.WeightedSumReference(v, w, 3e-5f, e, hd, count);
                IntegerAttention.WeightedSum(packed, w, 3e-5f, a, hd, count);
                for (var d = 0; d < hd; d++)
                {
                    // Exact up to the float conversion of each flushed int32 sum (24 bits of up to 31) and its addition.
                    var magnitude = 0.0;
                    for (var t = 0; t < count; t++)
                    {
                        magnitude += Math.Abs(v[(t * hd) + d] * w[t]);
                    }

                    var bound = (3e-5 * magnitude * Math.Pow(2, -22)) + (1e-6 * Math.Abs(e[d]));
                    Assert.True(Math.Abs(a[d] - e[d]) <= bound, $"{SimdWidth.Describe()} weighted sum hd={hd} count={count} dim {d}: {a[d]} against {e[d]}");
                }

                Assert.Equal(after, a[hd..]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Int32_sums_do_not_overflow_at_the_extremes(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        const int hd = IntegerAttention.MaxHeadDim;
        var rng = new Random(5);

        // Scores: hd products of (−128)·(−32768) = 2²² each, the most one int32 sum holds.
        const int count = 37;
        var k = Enumerable.Repeat((sbyte)-128, count * hd).ToArray();
        var q = Enumerable.Repeat(short.MinValue, hd).ToArray();
        var scores = new float[count];
        IntegerAttention.Scores(PackKeys(rng, k, hd, count), Enumerable.Repeat(1f, count).ToArray(), q, 1f, scores, hd, count);
        Assert.All(scores, s => Assert.Equal(hd * 4194304f, s));
        q.AsSpan(0, hd / 2).Fill(short.MaxValue); // mixed signs: −(hd/2)·128·32767 + (hd/2)·2²²
        IntegerAttention.Scores(PackKeys(rng, k, hd, count), Enumerable.Repeat(1f, count).ToArray(), q, 1f, scores, hd, count);
        Assert.All(scores, s => Assert.Equal(hd / 2 * 128f, s));

        // Weighted sums: the same products, over many flush intervals and an odd tail, and both signs.
        foreach (var n in new[] { 2 * IntegerAttention.FlushPairs, (2 * IntegerAttention.FlushPairs) + 1, 4099 })
        {
            foreach (var weight in new[] { short.MinValue, short.MaxValue })
            {
                var v = Enumerable.Repeat((sbyte)-128, n * 64).ToArray();
                var w = Enumerable.Repeat(weight, n).ToArray();
                var y = new float[64];
                IntegerAttention.WeightedSum(PackValues(rng, v, 64, n), w, 1f, y, 64, n);
                var expected = (double)n * -128 * weight;
                Assert.All(y, s => Assert.Equal(1.0, s / expected, 5));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Integer_attention_stays_within_the_quantization_bound_of_float(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 3);
        const int hd = 64;
        foreach (var count in new[] { 1, 5, 33, 257, 1024, 1029 })
        {
            var q = Close.Random(rng, hd, 1.5f / 8); // scaled by 1/√hd, as a decoder step scales it
            var k = Close.Random(rng, count * hd, 2f);
            var v = Close.Random(rng, count * hd, 3f);
            var k8 = new sbyte[count * hd];
            var v8 = new sbyte[count * hd];
            var ks = new float[count];
            var vs = new float[count];
            for (var t = 0; t < count; t++)
            {
                ks[t] = MatVecInt8.QuantizeRow(k.AsSpan(t * hd, hd), k8.AsSpan(t * hd, hd));
                vs[t] = MatVecInt8.QuantizeRow(v.AsSpan(t * hd, hd), v8.AsSpan(t * hd, hd));
            }

            var q16 = new short[hd];
            var qs = Int16Quantizer.Quantize(q, q16);
            var scores = new float[count];
            IntegerAttention.Scores(PackKeys(rng, k8, hd, count), ks, q16, qs, scores, hd, count);

            // Each score within what rounding q (half a step each) and each key (half its step) can move it.
            var qAbs = q.Sum(Math.Abs);
            var p = new double[count];
            for (var t = 0; t < count; t++)
            {
                double exact = 0, kAbs = 0;
                for (var d = 0; d < hd; d++)
                {
                    exact += (double)q[d] * k[(t * hd) + d];
                    kAbs += Math.Abs(k[(t * hd) + d]) + (ks[t] / 2);
                }

                var bound = (qAbs * ks[t] / 2) + (kAbs * qs / 2) + 1e-5;
                Assert.True(Math.Abs(scores[t] - exact) <= bound, $"count {count} score {t}: {scores[t]} against {exact}, bound {bound}");
                p[t] = exact;
            }

            // The weighted sum of the softmax of those scores, against float's over the exact scores.
            Softmax.Row(scores, scores);
            var weights = new float[count];
            for (var t = 0; t < count; t++)
            {
                weights[t] = scores[t] * vs[t];
            }

            var w16 = new short[count];
            var ws = Int16Quantizer.Quantize(weights, w16);
            var y = new float[hd];
            IntegerAttention.WeightedSum(PackValues(rng, v8, hd, count), w16, ws, y, hd, count);
            var max = p.Max();
            var e = p.Select(s => Math.Exp(s - max)).ToArray();
            var sum = e.Sum();
            for (var d = 0; d < hd; d++)
            {
                double exact = 0, bound = 1e-5;
                for (var t = 0; t < count; t++)
                {
                    exact += e[t] / sum * v[(t * hd) + d];

                    // A weight's rounding times the value, the value's rounding times the weight, and how far the
                    // integer scores moved the softmax (a score off by δ moves its weight by at most a factor e^2δ).
                    bound += (ws / 2 * 127) + (scores[t] * vs[t] / 2) + (Math.Abs(scores[t] - (e[t] / sum)) * Math.Abs(v[(t * hd) + d]));
                }

                Assert.True(Math.Abs(y[d] - exact) <= bound, $"count {count} dim {d}: {y[d]} against {exact}, bound {bound}");
            }

            // Against float attention over the same int8 cache (dequantized): what int16 q and weights add to the
            // int8 cache's own rounding stays under 1e-3 for values up to 3.
            var f = new double[count];
            for (var t = 0; t < count; t++)
            {
                for (var d = 0; d < hd; d++)
                {
                    f[t] += q[d] * (double)k8[(t * hd) + d] * ks[t];
                }
            }

            var fmax = f.Max();
            var fe = f.Select(s => Math.Exp(s - fmax)).ToArray();
            var fsum = fe.Sum();
            for (var d = 0; d < hd; d++)
            {
                double exact = 0;
                for (var t = 0; t < count; t++)
                {
                    exact += fe[t] / fsum * v8[(t * hd) + d] * vs[t];
                }

                Assert.True(Math.Abs(y[d] - exact) <= 1e-3, $"count {count} dim {d}: {y[d]} against float over the int8 cache {exact}");
            }
        }
    }

    [Fact]
    public void Key_and_value_layouts_place_every_number_once()
    {
        foreach (var hd in new[] { 2, 6, 64 })
        {
            foreach (var window in new[] { 1, 31, 32, 33, 256, 257 })
            {
                var keys = new int[IntegerAttention.KeyBytes(window, hd)];
                var values = new int[IntegerAttention.ValueBytes(window, hd)];
                for (var t = 0; t < window; t++)
                {
                    for (var d = 0; d < hd; d++)
                    {
                        keys[IntegerAttention.KeyIndex(t, d, hd)]++;
                        values[IntegerAttention.ValueIndex(t, d, hd)]++;
                    }
                }

                Assert.All(keys, c => Assert.InRange(c, 0, 1));
                Assert.All(values, c => Assert.InRange(c, 0, 1));
                Assert.Equal(window * hd, keys.Sum());
            }
        }

        // Keys: 8 positions' (d, d + 1) in 16 bytes; values: 8 dimensions' (t, t + 1) in 16 bytes.
        Assert.Equal(1, IntegerAttention.KeyIndex(0, 1, 64));
        Assert.Equal(2, IntegerAttention.KeyIndex(1, 0, 64));
        Assert.Equal(64, IntegerAttention.KeyIndex(0, 2, 64));
        Assert.Equal(32 * 64, IntegerAttention.KeyIndex(32, 0, 64));
        Assert.Equal(1, IntegerAttention.ValueIndex(1, 0, 64));
        Assert.Equal(2, IntegerAttention.ValueIndex(0, 1, 64));
        Assert.Equal(128, IntegerAttention.ValueIndex(2, 0, 64));
    }

    [Fact]
    public void The_kernels_refuse_a_head_whose_sums_could_overflow_and_short_buffers()
    {
        const int big = IntegerAttention.MaxHeadDim + 2;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => IntegerAttention.Scores(new sbyte[big * 32], new float[1], new short[big], 1f, new float[1], big, 1));
        Assert.Contains("int32", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => IntegerAttention.WeightedSum(new sbyte[big * 2], new short[1], 1f, new float[big], big, 1));
        Assert.Throws<ArgumentException>(() => IntegerAttention.Scores(new sbyte[(64 * 32) - 1], new float[3], new short[64], 1f, new float[3], 64, 3));
        Assert.Throws<ArgumentException>(() => IntegerAttention.WeightedSum(new sbyte[64 * 4], new short[3], 1f, new float[63], 64, 3));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Int16_quantizer_matches_its_scalar_form_at_every_width(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 4);
        foreach (var n in new[] { 1, 7, 8, 15, 16, 17, 31, 32, 33, 100, 1029 })
        {
            var x = Close.Random(rng, n, 5f);
            x[rng.Next(n)] = -6f; // the largest magnitude, negative
            var q = new short[n + 2];
            q[n] = 99;
            var scale = Int16Quantizer.Quantize(x, q);
            Assert.Equal(6f / Int16Quantizer.Max, scale, 7);
            for (var i = 0; i < n; i++)
            {
                var expected = Math.Clamp(MathF.Round(x[i] * (Int16Quantizer.Max / 6f)), -Int16Quantizer.Max, Int16Quantizer.Max);
                Assert.True(Math.Abs(q[i] - expected) <= 0, $"{SimdWidth.Describe()} n={n} [{i}]: {x[i]} → {q[i]}, expected {expected}");
            }

            Assert.Contains((short)-Int16Quantizer.Max, q);
            Assert.Equal(99, q[n]);
        }
    }

    [Fact]
    public void Int16_quantizer_gives_zeros_for_zeros_and_nan_for_non_finite_input()
    {
        var q = new short[] { 1, 2, 3 };
        Assert.Equal(0f, Int16Quantizer.Quantize(new float[3], q));
        Assert.All(q, v => Assert.Equal(0, v));
        q[1] = 5;
        Assert.True(float.IsNaN(Int16Quantizer.Quantize([1f, float.NaN, 2f], q)));
        Assert.All(q, v => Assert.Equal(0, v));
        Assert.True(float.IsNaN(Int16Quantizer.Quantize([1f, float.NegativeInfinity, 2f], q)));
        Assert.Equal(0f, Int16Quantizer.Quantize([], q));

        // So small that Max / max overflows float: still every value in its place.
        var tiny = Enumerable.Range(0, 40).Select(i => (i - 20) * 1e-37f).ToArray();
        var t = new short[40];
        var scale = Int16Quantizer.Quantize(tiny, t);
        Assert.Equal(-Int16Quantizer.Max, t[0]);
        Assert.Equal(0, t[20]);
        Assert.InRange(t[39], (Int16Quantizer.Max * 19 / 20) - 1, (Int16Quantizer.Max * 19 / 20) + 1);
        Assert.True(scale > 0);
    }

    private static sbyte[] RandomInt8(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();

    private static short[] RandomInt16(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (short)rng.Next(short.MinValue, short.MaxValue + 1)).ToArray();

    /// <summary>Unpacked k[t · hd + d] in the kernels' layout; the slots past count hold random bytes (they are read, never used).</summary>
    private static sbyte[] PackKeys(Random rng, sbyte[] k, int hd, int count)
    {
        var packed = RandomInt8(rng, IntegerAttention.KeyBytes(count, hd));
        for (var t = 0; t < count; t++)
        {
            for (var d = 0; d < hd; d++)
            {
                packed[IntegerAttention.KeyIndex(t, d, hd)] = k[(t * hd) + d];
            }
        }

        return packed;
    }

    /// <summary>Unpacked v[t · hd + d] in the kernels' layout; an odd count's last pair has random bytes beside it.</summary>
    private static sbyte[] PackValues(Random rng, sbyte[] v, int hd, int count)
    {
        var packed = RandomInt8(rng, IntegerAttention.ValueBytes(count, hd));
        for (var t = 0; t < count; t++)
        {
            for (var d = 0; d < hd; d++)
            {
                packed[IntegerAttention.ValueIndex(t, d, hd)] = v[(t * hd) + d];
            }
        }

        return packed;
    }
}
