using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Training.Analysis;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// Statistics of a continuation against its prompt, each compared between a model's continuation and the player's
/// own: pitch-class histogram distance (total variation, 0 = same distribution, 1 = disjoint), register gap (mean
/// pitch, continuation − prompt), note density ratio (notes per second, continuation / prompt), inter-onset-interval
/// histogram distance (total variation over <see cref="IoiBins"/> log-spaced bins), pitch repetition rate
/// (<see cref="LoopRate"/>: share of pitch n-grams already heard earlier in the continuation), rhythm repetition rate
/// (the same over IOI-bin n-grams), and the share of notes in the prompt's key. Pedal events count only as time.
/// Pure functions; any thread.
/// </summary>
public static class ContinuationStats
{
    /// <summary>Bins of the IOI histogram: [0, 30 ms) (a chord), then half-octave bins up to 3.84 s, then longer.</summary>
    public const int IoiBins = 16;

    private const double ChordSeconds = 0.03;

    public static double PitchClassDistance(IReadOnlyList<PhraseEvent> prompt, IReadOnlyList<PhraseEvent> continuation)
    {
        var a = Histogram(prompt);
        var b = Histogram(continuation);
        return TotalVariation(a, b);
    }

    /// <summary>Mean pitch of the continuation's notes minus the prompt's, in semitones; NaN when either has no note.</summary>
    public static double RegisterGap(IReadOnlyList<PhraseEvent> prompt, IReadOnlyList<PhraseEvent> continuation) =>
        MeanPitch(continuation) - MeanPitch(prompt);

    public static double MeanPitch(IReadOnlyList<PhraseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var notes = events.Where(e => e.Kind == PhraseEventKind.Note).ToList();
        return notes.Count > 0 ? notes.Average(e => e.Pitch) : double.NaN;
    }

    public static double DensityRatio(IReadOnlyList<PhraseEvent> prompt, IReadOnlyList<PhraseEvent> continuation)
    {
        var p = Density(prompt);
        return p > 0 ? Density(continuation) / p : double.NaN;
    }

    /// <summary>
    /// Notes per second of a continuation over a window of <paramref name="continuationSeconds"/>, divided by the
    /// prompt's (over its span): a continuation that plays nothing scores 0, not NaN.
    /// </summary>
    public static double DensityRatio(IReadOnlyList<PhraseEvent> prompt, IReadOnlyList<PhraseEvent> continuation, double continuationSeconds)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(continuationSeconds);
        var p = Density(prompt);
        return p > 0 ? continuation.Count(e => e.Kind == PhraseEventKind.Note) / continuationSeconds / p : double.NaN;
    }

    /// <summary>Pitch repetition rate: share of the continuation's pitch n-grams that already occurred earlier in it.</summary>
    public static double LoopRate(IReadOnlyList<PhraseEvent> continuation, int n = 4)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return RepeatRate(continuation.Where(e => e.Kind == PhraseEventKind.Note).Select(e => e.Pitch).ToArray(), n);
    }

    /// <summary>Rhythm repetition rate: share of the continuation's IOI-bin n-grams that already occurred earlier in it.</summary>
    public static double RhythmRepeatRate(IReadOnlyList<PhraseEvent> continuation, int n = 4) =>
        RepeatRate(Iois(continuation).Select(IoiBin).ToArray(), n);

    /// <summary>Total variation between the IOI histograms of prompt and continuation; NaN when either has no IOI.</summary>
    public static double IoiDistance(IReadOnlyList<PhraseEvent> prompt, IReadOnlyList<PhraseEvent> continuation)
    {
        var a = IoiHistogram(prompt);
        var b = IoiHistogram(continuation);
        return a is null || b is null ? double.NaN : TotalVariation(a, b);
    }

    /// <summary>Share of the continuation's notes in the scale of the prompt's key (duration-weighted, <see cref="Analysis.KeyFinder"/>); NaN without notes.</summary>
    public static double InKeyShare(IReadOnlyList<PhraseEvent> prompt, IReadOnlyList<PhraseEvent> continuation)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(continuation);
        var key = KeyFinder.Estimate(prompt.Where(e => e.Kind == PhraseEventKind.Note).Select(e => (e.Pitch, e.Duration)));
        var notes = continuation.Where(e => e.Kind == PhraseEventKind.Note).ToList();
        return key is null || notes.Count == 0 ? double.NaN : (double)notes.Count(e => key.Value.Key.InScale(e.Pitch)) / notes.Count;
    }

    /// <summary>Notes per second over the span from the segment's first event to its last.</summary>
    public static double Density(IReadOnlyList<PhraseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var notes = events.Count(e => e.Kind == PhraseEventKind.Note);
        var span = events.Skip(1).Sum(e => e.TimeShift);
        return span > 0 ? notes / span : double.NaN;
    }

    /// <summary>Seconds between consecutive note onsets (pedal events' shifts count as time; the first note has none).</summary>
    public static List<double> Iois(IReadOnlyList<PhraseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var iois = new List<double>();
        double time = 0;
        double? last = null;
        foreach (var e in events)
        {
            time += Math.Max(0, e.TimeShift);
            if (e.Kind == PhraseEventKind.Note)
            {
                if (last is { } l)
                {
                    iois.Add(time - l);
                }

                last = time;
            }
        }

        return iois;
    }

    /// <summary>0 for a chord (under 30 ms), then k for [30 ms·2^((k−1)/2), 30 ms·2^(k/2)), up to <see cref="IoiBins"/> − 1.</summary>
    public static int IoiBin(double seconds)
    {
        if (!(seconds >= ChordSeconds))
        {
            return 0;
        }

        var k = 1 + (int)Math.Floor(2 * Math.Log2(seconds / ChordSeconds));
        return Math.Min(k, IoiBins - 1);
    }

    private static double[]? IoiHistogram(IReadOnlyList<PhraseEvent> events)
    {
        var iois = Iois(events);
        if (iois.Count == 0)
        {
            return null;
        }

        var h = new double[IoiBins];
        foreach (var ioi in iois)
        {
            h[IoiBin(ioi)] += 1.0 / iois.Count;
        }

        return h;
    }

    private static double RepeatRate(int[] symbols, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (symbols.Length < n + 1)
        {
            return 0;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeats = 0;
        var total = 0;
        for (var i = 0; i + n <= symbols.Length; i++)
        {
            total++;
            if (!seen.Add(string.Join(',', symbols.AsSpan(i, n).ToArray())))
            {
                repeats++;
            }
        }

        return (double)repeats / total;
    }

    private static double TotalVariation(double[] a, double[] b)
    {
        double d = 0;
        for (var i = 0; i < a.Length; i++)
        {
            d += Math.Abs(a[i] - b[i]);
        }

        return d / 2;
    }

    private static double[] Histogram(IReadOnlyList<PhraseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var h = new double[12];
        var n = 0;
        foreach (var e in events)
        {
            if (e.Kind == PhraseEventKind.Note)
            {
                h[e.Pitch % 12]++;
                n++;
            }
        }

        for (var i = 0; i < 12 && n > 0; i++)
        {
            h[i] /= n;
        }

        return h;
    }
}
