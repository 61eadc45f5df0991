using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Tests.StyleNet;

/// <summary>The discriminator on synthetic pieces where the answer is known: the same process on both sides, or plainly different ones.</summary>
public sealed class TwoSampleDiscriminatorTests
{
    private const int Notes = 64 * 40;

    /// <summary>Notes with random pitches, two-note chords now and then, and a bar every 16.</summary>
    private static StyleNetNote[] Score(int seed)
    {
        var rng = new Random(seed);
        var notes = new StyleNetNote[Notes];
        var t = 0.0;
        for (var i = 0; i < notes.Length; i++)
        {
            t += rng.Next(4) == 0 ? 0.01 : 0.1 + (rng.NextDouble() * 0.3);
            notes[i] = new StyleNetNote(t, 0.1 + rng.NextDouble(), (byte)rng.Next(36, 90), false, (i % 4) / 4f, i % 16 == 0);
        }

        return notes;
    }

    /// <summary>A pianist-like process: a random phrase level that drifts, pitch contour, accents, noise.</summary>
    private static float[] Pianist(StyleNetNote[] notes, int seed)
    {
        var rng = new Random(seed);
        var v = new float[notes.Length];
        var level = 64.0;
        for (var i = 0; i < v.Length; i++)
        {
            level = Math.Clamp(level + ((rng.NextDouble() - 0.5) * 4), 40, 90);
            var accent = notes[i].Downbeat ? 8 : 0;
            v[i] = (float)Math.Clamp(level + ((notes[i].Pitch - 62) * 0.3) + accent + ((rng.NextDouble() - 0.5) * 24), 1, 127);
        }

        return v;
    }

    /// <summary>Windows of <paramref name="pieces"/> synthetic pieces, the model side given by <paramref name="model"/>.</summary>
    private static DiscriminatorWindows Windows(int pieces, int seed, Func<StyleNetNote[], float[], int, float[]> model)
    {
        var windows = new DiscriminatorWindows(pieces);
        for (var p = 0; p < pieces; p++)
        {
            var notes = Score((seed * 100) + p);
            var pianist = Pianist(notes, (seed * 100) + p + 50);
            windows.Record(p, notes, model(notes, pianist, (seed * 100) + p), pianist);
        }

        return windows;
    }

    [Fact]
    public void The_same_process_on_both_sides_is_told_apart_no_better_than_chance()
    {
        // The "model" is the same pianist process with other random draws.
        static float[] Same(StyleNetNote[] notes, float[] _, int seed) => Pianist(notes, seed + 7777);
        var accuracy = TwoSampleDiscriminator.Accuracy(Windows(4, 1, Same), Windows(4, 2, Same));
        Assert.InRange(accuracy, 0.42, 0.58);
        Assert.InRange(TwoSampleDiscriminator.CrossValidated(Windows(4, 3, Same)), 0.42, 0.58);
    }

    [Fact]
    public void A_flat_or_compressed_model_is_told_apart_almost_always()
    {
        static float[] Flat(StyleNetNote[] notes, float[] _, int __) => [.. Enumerable.Repeat(64f, notes.Length)];
        Assert.True(TwoSampleDiscriminator.Accuracy(Windows(4, 1, Flat), Windows(4, 2, Flat)) > 0.99);

        // Half the pianist's deviations from its mean, with the noise smoothed away: what an MAE-trained model does.
        static float[] Compressed(StyleNetNote[] notes, float[] pianist, int _)
        {
            var mean = pianist.Average();
            return [.. pianist.Select((v, i) => mean + (0.5f * (pianist.Skip(Math.Max(0, i - 2)).Take(5).Average() - mean)))];
        }

        Assert.True(TwoSampleDiscriminator.Accuracy(Windows(4, 1, Compressed), Windows(4, 2, Compressed)) > 0.95);
    }

    [Fact]
    public void Fractional_velocities_are_no_tell_and_the_fit_is_deterministic()
    {
        var notes = Score(5)[..64];
        var pianist = Pianist(notes, 6);
        float[] a = new float[DiscriminatorFeatures.Count], b = new float[DiscriminatorFeatures.Count];
        DiscriminatorFeatures.Compute(notes, pianist.Select(v => MathF.Round(v)).ToArray(), a);
        DiscriminatorFeatures.Compute(notes, pianist.Select(v => MathF.Round(v) + 0.3f).ToArray(), b);
        Assert.Equal(a, b);
        Assert.All(a, f => Assert.True(float.IsFinite(f)));

        static float[] Softer(StyleNetNote[] _, float[] pianist, int __) => [.. pianist.Select(v => (v * 0.8f) + 12)];
        var (x, y) = Windows(3, 4, Softer).Samples();
        Assert.Equal(TwoSampleDiscriminator.Fit(x, y).Weights, TwoSampleDiscriminator.Fit(x, y).Weights);
        Assert.Equal(DiscriminatorFeatures.Count + 1, TwoSampleDiscriminator.Fit(x, y).Weights.Count);
    }

    [Fact]
    public void Mismatched_input_is_refused_with_what_is_wrong()
    {
        var notes = Score(1)[..64];
        var e = Assert.Throws<ArgumentException>(() => DiscriminatorFeatures.Compute(notes, new float[63], new float[DiscriminatorFeatures.Count]));
        Assert.Contains("64 notes and 63 velocities", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TwoSampleDiscriminator.Fit([], []));
    }
}
