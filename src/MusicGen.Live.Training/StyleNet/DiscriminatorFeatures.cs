using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// What the two-sample discriminator (<see cref="TwoSampleDiscriminator"/>) sees of one window of notes: hand-built
/// features of the velocities alone and of the velocities against the notes' timing and pitch — the things a listener
/// hears as flat or shaped (level, range, accents, contour against pitch, melody over accompaniment, downbeats,
/// how the dynamics move from note to note). Velocities are rounded to MIDI integers first, as any output is, so
/// a model's fractional velocities are not themselves a tell.
/// </summary>
public static class DiscriminatorFeatures
{
    /// <summary>Notes in one window.</summary>
    public const int Window = 64;

    /// <summary>Notes whose onsets lie within this of the first note of a chord count as one chord.</summary>
    private const double ChordSeconds = 0.03;

    /// <summary>The feature names, in the order <see cref="Compute"/> writes them.</summary>
    public static readonly string[] Names =
    [
        "mean", "std", "local variation (8)", "mean |step|", "lag-1 autocorrelation", "r(velocity, pitch)",
        "r(velocity, log duration)", "r(velocity, log gap to next)", "top of chord minus rest", "within-chord std",
        "p90 − p10", "skewness", "kurtosis", "distinct values", "r(velocity, local density)", "downbeat minus rest",
        "|r(velocity, position)|", "repeated values",
    ];

    public static int Count => Names.Length;

    /// <summary>The features of one window (notes in onset order, one velocity each) into <paramref name="features"/>; NaN-free (an undefined feature is 0).</summary>
    public static void Compute(ReadOnlySpan<StyleNetNote> notes, ReadOnlySpan<float> velocities, Span<float> features)
    {
        if (notes.Length != velocities.Length || notes.Length < 2)
        {
            throw new ArgumentException($"discriminator window: {notes.Length} notes and {velocities.Length} velocities (need equal, at least 2)");
        }

        if (features.Length != Count)
        {
            throw new ArgumentException($"discriminator window: {features.Length} feature slots for {Count} features", nameof(features));
        }

        var n = notes.Length;
        var v = new double[n];
        var vf = new float[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = Math.Clamp(Math.Round(velocities[i]), 1, 127);
            vf[i] = (float)v[i];
        }

        var mean = v.Average();
        var std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / n);
        double steps = 0, repeats = 0, lag = 0;
        for (var i = 1; i < n; i++)
        {
            steps += Math.Abs(v[i] - v[i - 1]);
            repeats += v[i] == v[i - 1] ? 1 : 0;
            lag += (v[i] - mean) * (v[i - 1] - mean);
        }

        var pitch = new double[n];
        var logDuration = new double[n];
        var logGap = new double[n];
        var density = new double[n];
        var position = new double[n];
        for (var i = 0; i < n; i++)
        {
            pitch[i] = notes[i].Pitch;
            var d = notes[i].DurationSeconds;
            logDuration[i] = Math.Log(Math.Clamp(double.IsFinite(d) ? d : 4, 0.01, 4));
            logGap[i] = i + 1 < n ? Math.Log(Math.Clamp(notes[i + 1].OnsetSeconds - notes[i].OnsetSeconds, 0.005, 4)) : 0;
            position[i] = i;
            var count = 0;
            for (var j = 0; j < n; j++)
            {
                count += Math.Abs(notes[j].OnsetSeconds - notes[i].OnsetSeconds) <= 0.5 ? 1 : 0;
            }

            density[i] = count;
        }

        // Chords: the top note against the rest (melody over accompaniment), and the spread within each.
        double topMinusRest = 0, chordStd = 0;
        var chords = 0;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && notes[end].OnsetSeconds - notes[start].OnsetSeconds <= ChordSeconds)
            {
                end++;
            }

            if (end - start >= 2)
            {
                var top = start;
                double sum = 0;
                for (var j = start; j < end; j++)
                {
                    top = notes[j].Pitch > notes[top].Pitch ? j : top;
                    sum += v[j];
                }

                var rest = (sum - v[top]) / (end - start - 1);
                topMinusRest += v[top] - rest;
                var m = sum / (end - start);
                double sq = 0;
                for (var j = start; j < end; j++)
                {
                    sq += (v[j] - m) * (v[j] - m);
                }

                chordStd += Math.Sqrt(sq / (end - start));
                chords++;
            }

            start = end;
        }

        double down = 0, other = 0;
        int downs = 0, others = 0;
        for (var i = 0; i < n; i++)
        {
            if (!notes[i].HasBeat)
            {
                continue;
            }

            if (notes[i].Downbeat)
            {
                down += v[i];
                downs++;
            }
            else
            {
                other += v[i];
                others++;
            }
        }

        var sorted = v.Order().ToArray();
        double m3 = 0, m4 = 0;
        foreach (var x in v)
        {
            var z = std > 1e-9 ? (x - mean) / std : 0;
            m3 += z * z * z;
            m4 += z * z * z * z;
        }

        features[0] = (float)mean;
        features[1] = (float)std;
        features[2] = (float)VelocityExpressiveness.LocalVariation(vf, 8);
        features[3] = (float)(steps / (n - 1));
        features[4] = std > 1e-9 ? (float)(lag / (n - 1) / (std * std)) : 0;
        features[5] = (float)Correlation(v, pitch);
        features[6] = (float)Correlation(v, logDuration);
        features[7] = (float)Correlation(v, logGap);
        features[8] = chords > 0 ? (float)(topMinusRest / chords) : 0;
        features[9] = chords > 0 ? (float)(chordStd / chords) : 0;
        features[10] = (float)(sorted[(int)(0.9 * (n - 1))] - sorted[(int)(0.1 * (n - 1))]);
        features[11] = (float)(m3 / n);
        features[12] = (float)(m4 / n);
        features[13] = (float)v.Distinct().Count() / n;
        features[14] = (float)Correlation(v, density);
        features[15] = downs > 0 && others > 0 ? (float)((down / downs) - (other / others)) : 0;
        features[16] = (float)Math.Abs(Correlation(v, position));
        features[17] = (float)(repeats / (n - 1));
    }

    /// <summary>Pearson r; 0 where either side has no spread.</summary>
    private static double Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx > 1e-12 && syy > 1e-12 ? sxy / Math.Sqrt(sxx * syy) : 0;
    }
}
