namespace MusicGen.Live.Training.Analysis;

/// <summary>
/// Krumhansl–Schmuckler key finding: the key whose probe-tone profile (<see cref="KeyProfile"/>), rotated to its
/// tonic, correlates best (Pearson) with a pitch-class histogram. The histogram is usually weighted by note duration.
/// Aarden–Essen profiles by default: Krumhansl–Kessler's read the demo's Ode to Joy (E E F G G F E D …) as E minor,
/// and agreed with fewer POP909 key annotations (see KeyFinderTests). Pure functions; any thread.
/// </summary>
public static class KeyFinder
{
    // Krumhansl & Kessler (1982), tonic first.
    private static readonly double[] s_major = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
    private static readonly double[] s_minor = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    // Aarden (2003), Essen folk songs, tonic first.
    private static readonly double[] s_aardenMajor = [17.7661, 0.145624, 14.9265, 0.160186, 19.8049, 11.3587, 0.291248, 22.062, 0.145624, 8.15494, 0.232998, 4.95122];
    private static readonly double[] s_aardenMinor = [18.2648, 0.737619, 14.0499, 16.8599, 0.702494, 14.4362, 0.702494, 18.6161, 4.56621, 1.93186, 7.37619, 1.75623];

    /// <summary>The best key and its correlation (−1..1); null when the histogram is empty or flat.</summary>
    public static (MusicalKey Key, double Correlation)? Estimate(ReadOnlySpan<double> pitchClassWeights, KeyProfile profile = KeyProfile.AardenEssen)
    {
        var (major, minorProfile) = profile == KeyProfile.AardenEssen ? (s_aardenMajor, s_aardenMinor) : (s_major, s_minor);
        if (pitchClassWeights.Length != 12)
        {
            throw new ArgumentException($"a pitch-class histogram has 12 bins, got {pitchClassWeights.Length}", nameof(pitchClassWeights));
        }

        (MusicalKey Key, double Correlation)? best = null;
        for (var tonic = 0; tonic < 12; tonic++)
        {
            foreach (var minor in new[] { false, true })
            {
                var r = Correlation(pitchClassWeights, minor ? minorProfile : major, tonic);
                if (double.IsFinite(r) && (best is null || r > best.Value.Correlation))
                {
                    best = (new MusicalKey(tonic, minor), r);
                }
            }
        }

        return best;
    }

    /// <summary>Duration-weighted histogram of (pitch, seconds held) pairs, then <see cref="Estimate(ReadOnlySpan{double})"/>.</summary>
    public static (MusicalKey Key, double Correlation)? Estimate(IEnumerable<(int Pitch, double Seconds)> notes, KeyProfile profile = KeyProfile.AardenEssen)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var h = new double[12];
        foreach (var (pitch, seconds) in notes)
        {
            h[((pitch % 12) + 12) % 12] += Math.Max(0, seconds);
        }

        return Estimate(h, profile);
    }

    private static double Correlation(ReadOnlySpan<double> h, double[] profile, int tonic)
    {
        double mh = 0, mp = 0;
        for (var i = 0; i < 12; i++)
        {
            mh += h[i];
            mp += profile[i];
        }

        mh /= 12;
        mp /= 12;
        double sxy = 0, sxx = 0, syy = 0;
        for (var pc = 0; pc < 12; pc++)
        {
            var x = h[pc] - mh;
            var y = profile[(pc - tonic + 12) % 12] - mp;
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
        }

        return sxx > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }
}
