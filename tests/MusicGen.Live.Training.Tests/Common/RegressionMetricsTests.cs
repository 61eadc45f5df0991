using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.Tests.Common;

public sealed class RegressionMetricsTests
{
    [Fact]
    public void Streaming_metrics_equal_the_two_pass_textbook_formulas()
    {
        var rng = new Random(3);
        var p = Enumerable.Range(0, 1000).Select(_ => (float)(rng.NextDouble() * 127)).ToArray();
        var t = p.Select(x => (float)((0.7 * x) + (rng.NextDouble() * 30))).ToArray();
        var m = default(RegressionMetrics);
        m.Add(p, t);

        var mae = p.Zip(t, (a, b) => Math.Abs((double)a - b)).Average();
        var rmse = Math.Sqrt(p.Zip(t, (a, b) => Math.Pow((double)a - b, 2)).Average());
        var mp = p.Average(x => (double)x);
        var mt = t.Average(x => (double)x);
        var r = p.Zip(t, (a, b) => (a - mp) * (b - mt)).Sum()
            / Math.Sqrt(p.Sum(a => (a - mp) * (a - mp)) * t.Sum(b => (b - mt) * (b - mt)));
        Assert.Equal(mae, m.Mae, 9);
        Assert.Equal(rmse, m.Rmse, 9);
        Assert.Equal(r, m.Pearson, 9);
    }

    [Fact]
    public void Merged_halves_equal_the_whole_and_a_constant_prediction_has_no_correlation()
    {
        var p = new float[] { 1, 5, 9, 2, 7, 3 };
        var t = new float[] { 2, 4, 8, 3, 9, 1 };
        var whole = default(RegressionMetrics);
        whole.Add(p, t);
        var a = default(RegressionMetrics);
        var b = default(RegressionMetrics);
        a.Add(p.AsSpan(0, 3), t.AsSpan(0, 3));
        b.Add(p.AsSpan(3), t.AsSpan(3));
        a.Merge(b);
        Assert.Equal(whole.Mae, a.Mae, 12);
        Assert.Equal(whole.Pearson, a.Pearson, 12);

        var flat = default(RegressionMetrics);
        flat.Add([64f, 64f, 64f], [10f, 60f, 90f]);
        Assert.True(double.IsNaN(flat.Pearson));
    }
}
