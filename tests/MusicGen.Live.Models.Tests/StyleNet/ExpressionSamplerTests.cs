using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Tests.StyleNet;

public sealed class ExpressionSamplerTests
{
    private static readonly ExpressionShape Sampled = new(1.3f, 1.0f, 1.1f, 4f, 0.6f);

    private static float[] Line(int n) => [.. Enumerable.Range(0, n).Select(i => 64f + (10f * MathF.Sin(i * 0.3f)) + (i % 3 == 0 ? 6f : -3f))];

    [Fact]
    public void Expression_zero_gives_the_model_velocity_exactly_whatever_the_shape()
    {
        var sampler = new ExpressionSampler(7, Sampled);
        var line = Line(500);
        for (var i = 0; i < line.Length; i++)
        {
            Assert.Equal(line[i], sampler.Next(line[i], 60f, 3f, i * 0.01, 0f));
        }

        var notes = Enumerable.Range(0, 500).Select(i => new StyleNetNote(i * 0.01, 0.1, (byte)(40 + (i % 30)), false, float.NaN, false)).ToArray();
        var centred = line.ToArray();
        var causal = line.ToArray();
        VelocityExpression.ApplyCentred(centred, notes, 0, Sampled, 3);
        VelocityExpression.ApplyCausal(causal, notes, 0, Sampled, 3);
        Assert.Equal(line, centred);
        Assert.Equal(line, causal);
    }

    [Fact]
    public void A_seed_gives_the_same_velocities_and_another_seed_others()
    {
        var line = Line(300);
        float[] Run(ulong seed)
        {
            var s = new ExpressionSampler(seed, Sampled);
            return [.. line.Select((v, i) => s.Next(v, 64f, 0f, i * 0.2, 1f))];
        }

        Assert.Equal(Run(11), Run(11));
        Assert.NotEqual(Run(11), Run(12));

        // Reset starts the same stream again.
        var sampler = new ExpressionSampler(11, Sampled);
        var first = line.Select((v, i) => sampler.Next(v, 64f, 0f, i * 0.2, 1f)).ToArray();
        sampler.Reset();
        Assert.Equal(first, line.Select((v, i) => sampler.Next(v, 64f, 0f, i * 0.2, 1f)).ToArray());
    }

    [Fact]
    public void The_sampled_part_has_the_shape_s_std_and_note_to_note_correlation()
    {
        // A flat model line: what comes out is the sampled part alone (scaled by the expression).
        var shape = new ExpressionShape(1f, 1f, 1f, 5f, 0.7f);
        var sampler = new ExpressionSampler(1, shape);
        const int n = 100_000;
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = sampler.Next(64f, 64f, 0f, i * 0.25, 0.8f) - 64;
        }

        var mean = x.Average();
        var variance = x.Sum(v => (v - mean) * (v - mean)) / n;
        var lag = Enumerable.Range(1, n - 1).Sum(i => (x[i] - mean) * (x[i - 1] - mean)) / n / variance;
        Assert.InRange(Math.Sqrt(variance), 0.8 * 5 * 0.97, 0.8 * 5 * 1.03);
        Assert.InRange(lag, 0.68, 0.72);
        Assert.InRange(mean, -0.1, 0.1);
        var kurtosis = x.Sum(v => Math.Pow(v - mean, 4)) / n / (variance * variance);
        Assert.InRange(kurtosis, 3.5, 6.5); // heavier tails than a Gaussian (3): Laplace innovations
    }

    [Fact]
    public void Notes_of_one_chord_keep_their_spacing_by_the_chord_scale()
    {
        var shape = new ExpressionShape(1.5f, 1.5f, 1.2f, 0f, 0f);
        var sampler = new ExpressionSampler(0, shape);
        var first = sampler.Next(70f, 60f, 0f, 1.000, 1f);   // deviation 10 from the mean, scaled by 1.5
        var top = sampler.Next(80f, 60f, 0f, 1.020, 1f);     // 20 ms later: the same chord, 10 above its first note, scaled by 1.2
        var next = sampler.Next(80f, 60f, 0f, 1.200, 1f);    // a new onset: around the mean again
        Assert.Equal(75f, first, 4);
        Assert.Equal(87f, top, 4);
        Assert.Equal(90f, next, 4);

        // At half the expression each scale is half way to 1.
        sampler.Reset();
        Assert.Equal(72.5f, sampler.Next(70f, 60f, 0f, 1.000, 0.5f), 4);
        Assert.Equal(83.5f, sampler.Next(80f, 60f, 0f, 1.010, 0.5f), 4);
    }

    [Fact]
    public void Equal_scales_and_no_noise_give_exactly_the_single_scale_output()
    {
        var line = Line(400);
        var notes = Enumerable.Range(0, 400).Select(i => new StyleNetNote((i / 3) * 0.25 + (i % 3 * 0.005), 0.2, (byte)(40 + (i * 7 % 40)), false, float.NaN, false)).ToArray();
        foreach (var centred in new[] { false, true })
        {
            var plain = line.ToArray();
            var shaped = line.ToArray();
            if (centred)
            {
                VelocityExpression.ApplyCentred(plain, 1.2f);
                VelocityExpression.ApplyCentred(shaped, notes, 1.2f, ExpressionShape.Uniform, 99);
            }
            else
            {
                VelocityExpression.ApplyCausal(plain, 1.2f);
                VelocityExpression.ApplyCausal(shaped, notes, 1.2f, ExpressionShape.Uniform, 99);
            }

            Assert.Equal(plain, shaped);
            var k = VelocityExpression.Scale(1.2f);
            Assert.NotEqual(line, plain);
            Assert.InRange(k, 1.01f, 2f);
        }
    }

    [Fact]
    public void The_part_pitch_explains_keeps_its_own_scale()
    {
        // Velocities that follow pitch exactly: all of each deviation is the pitch part, so pitch scale 1 leaves them as
        // they are however large the other scale, and pitch scale 2 doubles them.
        var notes = Enumerable.Range(0, 300).Select(i => new StyleNetNote(i * 0.3, 0.2, (byte)(50 + (i * 5 % 20)), false, float.NaN, false)).ToArray();
        var line = notes.Select(n => 2f * n.Pitch - 60f).ToArray();
        var kept = line.ToArray();
        VelocityExpression.ApplyCausal(kept, notes, 1f, new ExpressionShape(1.8f, 1f, 1.8f, 0f, 0f), 0);
        for (var i = 0; i < line.Length; i++)
        {
            Assert.Equal(line[i], kept[i], 3);
        }

        var doubled = line.ToArray();
        VelocityExpression.ApplyCentred(doubled, notes, 1f, new ExpressionShape(1f, 2f, 1f, 0f, 0f), 0, window: 1000);
        var mean = line.Average();
        for (var i = 0; i < line.Length; i++)
        {
            Assert.Equal(mean + (2 * (line[i] - mean)), doubled[i], 2);
        }
    }

    [Fact]
    public void Causal_form_with_notes_matches_the_stream_and_reads_no_later_note()
    {
        var line = Line(200);
        var notes = Enumerable.Range(0, 200).Select(i => new StyleNetNote((i / 2) * 0.3 + (i % 2 * 0.01), 0.2, (byte)(50 + (i % 12)), false, float.NaN, false)).ToArray();
        var batch = line.ToArray();
        VelocityExpression.ApplyCausal(batch, notes, 1.5f, Sampled, 5);
        var stream = new CausalVelocityExpression(VelocityExpression.DefaultWindow, Sampled, 5);
        for (var i = 0; i < line.Length; i++)
        {
            Assert.Equal(batch[i], stream.Next(line[i], 1.5f, notes[i].OnsetSeconds, notes[i].Pitch));
        }

        var changed = line.ToArray();
        Array.Fill(changed, 20f, 100, 100);
        VelocityExpression.ApplyCausal(changed, notes, 1.5f, Sampled, 5);
        Assert.Equal(batch[..100], changed[..100]);
        Assert.All(batch, v => Assert.InRange(v, 1f, 127f));
    }

    [Fact]
    public void Each_part_gets_its_own_stream_seed_and_a_bad_shape_is_refused()
    {
        var a = new[] { new StyleNetNote(0, 0.5, 60, false, float.NaN, false), new StyleNetNote(0.5, 0.5, 62, false, float.NaN, false) };
        var b = new[] { new StyleNetNote(0, 0.5, 48, false, float.NaN, false), new StyleNetNote(0.5, 0.5, 50, false, float.NaN, false) };
        Assert.NotEqual(ExpressionSampler.SeedFor(0, a), ExpressionSampler.SeedFor(0, b));
        Assert.NotEqual(ExpressionSampler.SeedFor(0, a), ExpressionSampler.SeedFor(1, a));
        Assert.Equal(ExpressionSampler.SeedFor(3, a), ExpressionSampler.SeedFor(3, a));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExpressionSampler(0, new ExpressionShape(1.4f, 1.4f, 1.4f, -1f, 0f)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExpressionSampler(0, new ExpressionShape(1.4f, 1.4f, 1.4f, 3f, 1f)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExpressionSampler(0, new ExpressionShape(float.NaN, 1.4f, 1.4f, 3f, 0.5f)));
    }
}
