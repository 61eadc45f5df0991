using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Tests.Kernels;

/// <summary>
/// The int16 <see cref="FusedLstmStep"/> (13-bit weights and v, integer sums): every width against its scalar quantized
/// reference (<see cref="FusedLstmStep.ReferenceInt16"/>, exact integer sums), and against the float step's double
/// reference within what 13-bit quantization costs; int32 sums that cannot wrap at the largest magnitudes; padded units
/// (hidden not a multiple of 16) and odd input rows; a NaN in v reaching h.
/// </summary>
public sealed class FusedLstmStepInt16Tests
{
    /// <summary>
    /// Kernel against the quantized reference: the same integers, so only float rounding differs (the flush order, the
    /// cell's activations): 1e-4 relative, 2e-5 absolute per row, as the float kernels against theirs.
    /// </summary>
    private const float Rtol = 1e-4f;

    /// <summary>
    /// Against float weights and v, h and c may move by this much (absolute; h is in (−1, 1), c here within ±3): weights
    /// within 1/8190 of their column's largest, v within 1/8190 of its segment's largest, over up to a few hundred rows.
    /// </summary>
    private const float QuantizationTolerance = 5e-3f;

    public static TheoryData<int> Widths() => EveryWidthTests.Widths();

    private static readonly (int Input, int InputRows, int Hidden)[] s_shapes =
    [
        (46, 46, 96), (46, 46, 160), (160, 160, 160), (13, 13, 5), (7, 9, 17), (3, 3, 33), (1, 1, 1), (45, 45, 112), (5, 6, 16),
    ];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Every_width_matches_the_quantized_reference(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        Steps(new Random(bits), (what, cRef, hRef, c, h, rows) =>
        {
            Close.All(cRef, c, Rtol, 2e-5f * rows, "c " + what);
            Close.All(hRef, h, Rtol, 2e-5f * rows, "h " + what);
        }, quantizedReference: true);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Every_width_stays_within_the_quantization_error_of_float(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var worst = 0f;
        Steps(new Random(bits + 7), (what, cRef, hRef, c, h, rows) =>
        {
            Close.All(cRef, c, 0f, QuantizationTolerance, "c " + what);
            Close.All(hRef, h, 0f, QuantizationTolerance, "h " + what);
            for (var i = 0; i < h.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(h[i] - hRef[i]));
            }
        }, quantizedReference: false);

        // It does quantize: an exact float step would be far closer.
        Assert.True(worst > 1e-5f, $"largest h difference from float {worst}");
    }

    // Every weight and every v at the same largest magnitude and sign makes every pmaddwd lane 2 · 4095² and every chunk
    // of FlushPairs pairs 64 · 4095² < 2^30; 600 pairs in one int32 would wrap eight times over. The weights' size
    // (1e-3 · 1200 rows) puts the gates near 1.2, where a wrapped sum would show.
    [Theory]
    [MemberData(nameof(Widths))]
    public void The_integer_sums_never_wrap_at_the_largest_magnitudes(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        const int input = 1040;
        const int hidden = 160;
        foreach (var (wSign, xSign) in new[] { (1f, 1f), (-1f, 1f), (1f, -1f), (-1f, -1f) })
        {
            var wih = Filled(4 * hidden * input, wSign * 1e-3f);
            var whh = Filled(4 * hidden * hidden, wSign * 1e-3f);
            var bias = new float[4 * hidden];
            var x = Filled(input, xSign);
            var hPrev = Filled(hidden, xSign * 0.5f);
            var (c, h) = Kernel(wih, whh, bias, x, hPrev, input, input, hidden);
            var cRef = new float[hidden];
            var hRef = new float[hidden];
            FusedLstmStep.Reference(wih, whh, bias, bias, x, hPrev, cRef, hRef, input, hidden);
            var what = $"{SimdWidth.Describe()} weights {wSign}, v {xSign}";
            Close.All(cRef, c, 1e-4f, 1e-5f, "c " + what);
            Close.All(hRef, h, 1e-4f, 1e-5f, "h " + what);
        }
    }

    [Fact]
    public void Padded_units_stay_zero_and_a_nan_in_v_reaches_h()
    {
        var rng = new Random(3);
        var (wih, whh, bih, bhh) = RandomLayer(rng, 7, 5);
        var (weights, scales) = FusedLstmStep.PackInt16(wih, 7, 7, whh, 5);
        var bias = FusedLstmStep.PackBias(bih, bhh, 5);
        var padded = FusedLstmStep.PaddedHidden(5);
        var v = new float[7 + padded];
        var q = new short[FusedLstmStep.Int16ScratchLength(7, 1)];
        var c = new float[padded];
        var h = new float[padded];
        for (var t = 0; t < 5; t++)
        {
            Close.Random(rng, 7, 3f).CopyTo(v, 0);
            FusedLstmStep.Run(weights, scales, bias, v, q, c, h, 7, 1);
            h.CopyTo(v, 7);
            Assert.All(c[5..], x => Assert.Equal(0f, x));
            Assert.All(h[5..], x => Assert.Equal(0f, x));
        }

        v[2] = float.NaN;
        FusedLstmStep.Run(weights, scales, bias, v, q, c, h, 7, 1);
        Assert.All(h[..5], x => Assert.True(float.IsNaN(x), $"h {x} from a NaN input"));
        Assert.Throws<ArgumentException>(() => FusedLstmStep.Run(weights, scales, bias, v, q.AsSpan(1).ToArray(), c, h, 7, 1));
        Assert.Throws<ArgumentException>(() => FusedLstmStep.Run(weights, scales, bias, v, q, c, v.AsSpan(7), 7, 1));
    }

    // Six steps per shape, the kernel's own state carried on (as a streamer does), each compared by `check`
    // (what, c and h of the reference, c and h of the kernel, rows).
    private static void Steps(Random rng, Action<string, float[], float[], float[], float[], int> check, bool quantizedReference)
    {
        foreach (var (input, inputRows, hidden) in s_shapes)
        {
            var (wih, whh, bih, bhh) = RandomLayer(rng, input, hidden);
            var groups = FusedLstmStep.Groups(hidden);
            var padded = FusedLstmStep.PaddedHidden(hidden);
            var (weights, scales) = FusedLstmStep.PackInt16(wih, input, inputRows, whh, hidden);
            var bias = FusedLstmStep.PackBias(bih, bhh, hidden);
            var v = new float[inputRows + padded];
            var q = new short[FusedLstmStep.Int16ScratchLength(inputRows, groups)];
            var c = new float[padded];
            var h = new float[padded];
            var cRef = new float[hidden];
            var hRef = new float[hidden];
            for (var t = 0; t < 6; t++)
            {
                var x = Close.Random(rng, input, 2f);
                x.CopyTo(v, 0);
                var hPrev = h[..hidden];
                if (quantizedReference)
                {
                    FusedLstmStep.ReferenceInt16(wih, whh, bih, bhh, x, hPrev, cRef, hRef, input, hidden);
                }
                else
                {
                    FusedLstmStep.Reference(wih, whh, bih, bhh, x, hPrev, cRef, hRef, input, hidden);
                }

                FusedLstmStep.Run(weights, scales, bias, v, q, c, h, inputRows, groups);
                var what = $"{SimdWidth.Describe()} input={input}/{inputRows} hidden={hidden} step {t}";
                check(what, cRef, hRef, c[..hidden], h[..hidden], inputRows + padded);
                h.CopyTo(v, inputRows);
                c.AsSpan(0, hidden).CopyTo(cRef);
            }
        }
    }

    private static (float[] C, float[] H) Kernel(float[] wih, float[] whh, float[] bias, float[] x, float[] hPrev, int input, int inputRows, int hidden)
    {
        var groups = FusedLstmStep.Groups(hidden);
        var padded = FusedLstmStep.PaddedHidden(hidden);
        var (weights, scales) = FusedLstmStep.PackInt16(wih, input, inputRows, whh, hidden);
        var v = new float[inputRows + padded];
        x.CopyTo(v, 0);
        hPrev.CopyTo(v, inputRows);
        var c = new float[padded];
        var h = new float[padded];
        FusedLstmStep.Run(weights, scales, FusedLstmStep.PackBias(bias, bias, hidden), v, new short[FusedLstmStep.Int16ScratchLength(inputRows, groups)], c, h, inputRows, groups);
        return (c[..hidden], h[..hidden]);
    }

    private static float[] Filled(int n, float value)
    {
        var a = new float[n];
        Array.Fill(a, value);
        return a;
    }

    private static (float[] Wih, float[] Whh, float[] Bih, float[] Bhh) RandomLayer(Random rng, int input, int hidden) =>
        (Close.Random(rng, 4 * hidden * input, 0.5f), Close.Random(rng, 4 * hidden * hidden, 0.5f), Close.Random(rng, 4 * hidden), Close.Random(rng, 4 * hidden));
}
