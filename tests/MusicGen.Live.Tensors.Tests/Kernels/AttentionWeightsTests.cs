using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Tests.Kernels;

/// <summary><see cref="AttentionWeights"/> at every vector width against softmax · value scale in double.</summary>
public sealed class AttentionWeightsTests
{
    public static TheoryData<int> Widths() => new() { 512, 256, 128, 32 };

    [Theory]
    [MemberData(nameof(Widths))]
    public void Quantized_weights_match_the_softmax_times_the_value_scales(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 9);
        foreach (var n in new[] { 1, 3, 4, 7, 8, 15, 16, 17, 33, 256, 1021 })
        {
            foreach (var spread in new[] { 0.1f, 3f, 40f })
            {
                var scores = Close.Random(rng, n, spread);
                var vs = Close.Random(rng, n, 0.02f).Select(Math.Abs).ToArray();
                if (n > 2)
                {
                    scores[1] = float.NegativeInfinity; // a masked slot
                }

                var expected = new double[n];
                AttentionWeights.Reference(scores, vs, expected);
                var w = new short[n];
                var scale = AttentionWeights.Quantize(scores.ToArray(), vs, w);
                var largest = expected.Max();
                for (var t = 0; t < n; t++)
                {
                    // Half an int16 step of the largest weight, plus exp's own error (a few float ulps).
                    var bound = (largest / Int16Quantizer.Max * 0.5) + (largest * 1e-6) + (expected[t] * 1e-6);
                    Assert.True(Math.Abs((scale * w[t]) - expected[t]) <= bound, $"{SimdWidth.Describe()} n={n} spread={spread} [{t}]: {scale * w[t]} against {expected[t]}");
                }

                if (n > 2)
                {
                    Assert.Equal(0, w[1]);
                }
            }
        }
    }

    [Fact]
    public void A_masked_score_gets_weight_zero_and_a_nan_gives_a_nan_scale()
    {
        // exp itself is VectorMath.Exp, checked at every width in PointwiseTests.
        var masked = new short[2];
        var one = AttentionWeights.Quantize(new[] { 0f, float.NegativeInfinity }, new[] { 1f, 1f }, masked);
        Assert.Equal(new short[] { Int16Quantizer.Max, 0 }, masked);
        Assert.Equal(1f, one * masked[0], 6);

        var q = new short[] { 5, 5, 5 };
        Assert.True(float.IsNaN(AttentionWeights.Quantize(new[] { 0f, float.NaN, 1f }, new float[3], q)));
        Assert.All(q, v => Assert.Equal(0, v));
        Assert.True(float.IsNaN(AttentionWeights.Quantize(new[] { 0f, 1f, 1f }, new[] { 1f, float.NaN, 1f }, q)));
        Assert.True(float.IsNaN(AttentionWeights.Quantize(new[] { 0f, float.PositiveInfinity }, new float[2], new short[2])));
    }
}
