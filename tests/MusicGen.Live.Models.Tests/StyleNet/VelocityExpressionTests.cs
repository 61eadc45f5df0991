using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Tests.StyleNet;

public sealed class VelocityExpressionTests
{
    private static float[] Line(int n) => [.. Enumerable.Range(0, n).Select(i => 64f + (10f * MathF.Sin(i * 0.3f)) + (i % 3 == 0 ? 6f : -3f))];

    [Fact]
    public void Expression_zero_leaves_the_model_output_as_it_is()
    {
        var line = Line(300);
        var centred = line.ToArray();
        var causal = line.ToArray();
        VelocityExpression.ApplyCentred(centred, 0);
        VelocityExpression.ApplyCausal(causal, 0);
        Assert.Equal(line, centred);
        Assert.Equal(line, causal);
    }

    [Fact]
    public void Deviations_from_a_steady_local_mean_grow_by_the_scale()
    {
        // Alternating 70/58 around 64: every full window's mean is 64, so each deviation becomes k times as large.
        var line = Enumerable.Range(0, 256).Select(i => i % 2 == 0 ? 70f : 58f).ToArray();
        var k = VelocityExpression.Scale(1);
        Assert.Equal(VelocityExpression.RestoringScale, k);
        VelocityExpression.ApplyCentred(line, 1, window: 16);
        Assert.Equal(64 + (6 * k), line[128], 3);
        Assert.Equal(64 - (6 * k), line[129], 3);
        Assert.All(line, v => Assert.InRange(v, 1f, 127f));
    }

    [Fact]
    public void Causal_form_reads_no_later_note_and_matches_the_stream()
    {
        var line = Line(200);
        var batch = line.ToArray();
        VelocityExpression.ApplyCausal(batch, 1.5f);
        var stream = new CausalVelocityExpression();
        for (var i = 0; i < line.Length; i++)
        {
            Assert.Equal(batch[i], stream.Next(line[i], 1.5f));
        }

        // Changing the later half changes nothing before it.
        var changed = line.ToArray();
        for (var i = 100; i < changed.Length; i++)
        {
            changed[i] = 20;
        }

        VelocityExpression.ApplyCausal(changed, 1.5f);
        Assert.Equal(batch[..100], changed[..100]);
        stream.Reset();
        Assert.Equal(line[0], stream.Next(line[0], 1.5f)); // a first note has no past: its own mean
    }

    [Fact]
    public void Out_of_range_expression_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => VelocityExpression.Validate(1.6f));
        Assert.Contains("expression", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => VelocityExpression.Validate(float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => VelocityExpression.Validate(-0.1f));
    }
}
