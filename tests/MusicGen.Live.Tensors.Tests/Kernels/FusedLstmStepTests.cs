using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Tests.Kernels;

/// <summary>
/// <see cref="FusedLstmStep"/> at every vector width against its double-precision reference from PyTorch's layout,
/// over several steps (the state carried), in float and bf16 (whose reference reads the same bf16-rounded weights),
/// for hidden sizes that fill whole groups and ones that leave a padded group, and inputs with every kind of tail; also the
/// whole-group Vector128 bodies of ARM64.
/// </summary>
public sealed class FusedLstmStepTests
{
    public static TheoryData<int> Widths() => EveryWidthTests.Widths();

    private static readonly (int Input, int InputRows, int Hidden)[] s_shapes =
    [
        (46, 46, 96), (46, 46, 112), (46, 46, 160), (96, 96, 96), (13, 13, 5), (7, 9, 17), (3, 3, 33), (1, 1, 1), (112, 112, 112),
    ];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Float_step_matches_reference(int bits) => Compare(bits, bfloat16: false);

    [Theory]
    [MemberData(nameof(Widths))]
    public void Bfloat16_step_matches_reference_on_the_same_rounded_weights(int bits) => Compare(bits, bfloat16: true);

    // The whole-group Vector128 bodies ARM64 runs (32 registers), forced here on whatever CPU runs the tests.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Whole_group_128_bit_step_matches_reference(bool bfloat16)
    {
        using var wide = FusedLstmStep.ForceWide128();
        Compare(128, bfloat16);
    }

    [Fact]
    public void Padded_units_stay_zero_and_h_may_not_overlap_v()
    {
        var (wih, whh, bih, bhh) = RandomLayer(new Random(5), 4, 5);
        var packed = FusedLstmStep.Pack(wih, 4, 4, whh, 5);
        var bias = FusedLstmStep.PackBias(bih, bhh, 5);
        var padded = FusedLstmStep.PaddedHidden(5);
        Assert.Equal(16, padded);
        var v = new float[4 + padded];
        var c = new float[padded];
        var h = new float[padded];
        var rng = new Random(6);
        for (var t = 0; t < 5; t++)
        {
            Close.Random(rng, 4, 3f).CopyTo(v, 0);
            FusedLstmStep.Run(packed, bias, v, c, h, v.Length, 1);
            h.CopyTo(v, 4);
            Assert.All(c[5..], x => Assert.Equal(0f, x));
            Assert.All(h[5..], x => Assert.Equal(0f, x));
        }

        Assert.Throws<ArgumentException>(() => FusedLstmStep.Run(packed, bias, v, c, v.AsSpan(4), v.Length, 1));
        Assert.Throws<ArgumentException>(() => FusedLstmStep.Run(packed, bias, v.AsSpan(1).ToArray(), c, h, v.Length, 1));
    }

    private static void Compare(int bits, bool bfloat16)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + (bfloat16 ? 100 : 0));
        foreach (var (input, inputRows, hidden) in s_shapes)
        {
            var (wih, whh, bih, bhh) = RandomLayer(rng, input, hidden);
            if (bfloat16)
            {
                Round(wih);
                Round(whh);
            }

            var groups = FusedLstmStep.Groups(hidden);
            var padded = FusedLstmStep.PaddedHidden(hidden);
            var rows = inputRows + padded;
            var bias = FusedLstmStep.PackBias(bih, bhh, hidden);
            var packed = bfloat16 ? null : FusedLstmStep.Pack(wih, input, inputRows, whh, hidden);
            var packed16 = bfloat16 ? FusedLstmStep.PackBFloat16(wih, input, inputRows, whh, hidden) : null;
            var v = new float[rows];
            var c = new float[padded];
            var h = new float[padded];
            var cRef = new float[hidden];
            var hRef = new float[hidden];
            for (var t = 0; t < 6; t++)
            {
                var x = Close.Random(rng, input, 2f);
                x.CopyTo(v, 0);
                var hPrev = (float[])hRef.Clone();
                FusedLstmStep.Reference(wih, whh, bih, bhh, x, hPrev, cRef, hRef, input, hidden);
                if (bfloat16)
                {
                    FusedLstmStep.Run(packed16, bias, v, c, h, rows, groups);
                }
                else
                {
                    FusedLstmStep.Run(packed, bias, v, c, h, rows, groups);
                }

                var what = $"{SimdWidth.Describe()} bf16={bfloat16} input={input}/{inputRows} hidden={hidden} step {t}";
                Close.All(cRef, c.AsSpan(0, hidden), 1e-4f, 2e-5f * rows, "c " + what);
                Close.All(hRef, h.AsSpan(0, hidden), 1e-4f, 2e-5f * rows, "h " + what);

                // Carry the kernel's own state on (not the reference's), as a streamer does.
                h.CopyTo(v, inputRows);
                h.AsSpan(0, hidden).CopyTo(hRef);
                c.AsSpan(0, hidden).CopyTo(cRef);
            }
        }
    }

    private static (float[] Wih, float[] Whh, float[] Bih, float[] Bhh) RandomLayer(Random rng, int input, int hidden) =>
        (Close.Random(rng, 4 * hidden * input, 0.5f), Close.Random(rng, 4 * hidden * hidden, 0.5f), Close.Random(rng, 4 * hidden), Close.Random(rng, 4 * hidden));

    private static void Round(float[] w)
    {
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = BFloat16.ToFloat(BFloat16.FromFloat(w[i]));
        }
    }
}
