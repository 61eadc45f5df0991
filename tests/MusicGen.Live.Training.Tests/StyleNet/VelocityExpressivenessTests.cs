using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Tests.StyleNet;

public sealed class VelocityExpressivenessTests
{
    // A pianist-like line: a slow arc (phrase) plus an alternating accent (local variation).
    private static float[] Pianist(int n) => [.. Enumerable.Range(0, n).Select(i => 64f + (20f * MathF.Sin(i * MathF.PI / 48)) + (i % 2 == 0 ? 8f : -8f))];

    [Fact]
    public void Std_and_local_variation_match_hand_computed_values()
    {
        Assert.Equal(Math.Sqrt(2.0 / 3.0), VelocityExpressiveness.Std([1f, 2f, 3f]), 9);

        // Constant ± 8 alternating: far from the ends every 16-note centred mean is the constant, so the deviation is 8.
        var alternating = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? 72f : 56f).ToArray();
        Assert.InRange(VelocityExpressiveness.LocalVariation(alternating), 7.9, 8.1);

        // A straight ramp has no local variation around its centred mean, except where the window is cut at the ends.
        var ramp = Enumerable.Range(0, 1000).Select(i => (float)i * 0.01f).ToArray();
        Assert.True(VelocityExpressiveness.LocalVariation(ramp) < 0.01);
    }

    [Fact]
    public void Ratios_of_a_scaled_copy_are_the_scale()
    {
        var pianist = Pianist(500);
        var mean = pianist.Average();

        // Half the deviation from the piece mean: both ratios halve.
        var half = pianist.Select(v => mean + (0.5f * (v - mean))).ToArray();
        var (std, local) = VelocityExpressiveness.Ratios(half, pianist);
        Assert.Equal(0.5, std, 4);
        Assert.Equal(0.5, local, 4);

        // Only the arc kept (accents gone): the local ratio falls far more than the std ratio.
        var arcOnly = Enumerable.Range(0, 500).Select(i => 64f + (20f * MathF.Sin(i * MathF.PI / 48))).ToArray();
        var (arcStd, arcLocal) = VelocityExpressiveness.Ratios(arcOnly, pianist);
        Assert.InRange(arcStd, 0.8, 0.95);
        Assert.True(arcLocal < 0.2, $"local ratio {arcLocal}");

        // A flat line has neither.
        var (flatStd, flatLocal) = VelocityExpressiveness.Ratios(Enumerable.Repeat(64f, 500).ToArray(), pianist);
        Assert.Equal(0, flatStd, 9);
        Assert.Equal(0, flatLocal, 9);
    }

    [Fact]
    public void The_evaluation_reports_the_median_over_pieces()
    {
        var pieces = new[] { 0.5f, 1f, 2f }.Select((_, i) => TestPieces.Flat($"p{i}", [.. Pianist(200).Select(v => (byte)Math.Round(v))])).ToArray();
        float[] scales = [0.5f, 1f, 2f];
        var stats = new ExpressivenessStats(pieces.Length);
        VelocityEvaluation.Run(
            pieces,
            TimingForm.Performance,
            (p, _, _, v) =>
            {
                var target = p.PerfVelocities;
                var s = scales[int.Parse(p.Name[1..], System.Globalization.CultureInfo.InvariantCulture)];
                var mean = target.Average(b => (float)b);
                for (var i = 0; i < target.Length; i++)
                {
                    v[i] = mean + (s * (target[i] - mean));
                }
            },
            2,
            stats);
        Assert.Equal(1.0, stats.StdRatio, 4);
        Assert.Equal(1.0, stats.LocalRatio, 4);
    }
}
