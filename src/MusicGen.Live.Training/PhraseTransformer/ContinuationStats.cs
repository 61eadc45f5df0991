using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// Statistics of a continuation against its prompt: pitch-class histogram distance (total variation, 0 = same
/// distribution, 1 = disjoint), note density ratio (notes per second, continuation / prompt), and loop rate (share
/// of the continuation's pitch n-grams that already occurred earlier in the continuation). Pure functions.
/// </summary>
public static class ContinuationStats
{
    public static double PitchClassDistance(IReadOnlyList<PhraseEvent> prompt, IReadOnlyList<PhraseEvent> continuation)
    {
        var a = Histogram(prompt);
        var b = Histogram(continuation);
        double d = 0;
        for (var i = 0; i < 12; i++)
        {
            d += Math.Abs(a[i] - b[i]);
        }

        return d / 2;
    }

    public static double DensityRatio(IReadOnlyList<PhraseEvent> prompt, IReadOnlyList<PhraseEvent> continuation)
    {
        var p = Density(prompt);
        return p > 0 ? Density(continuation) / p : double.NaN;
    }

    public static double LoopRate(IReadOnlyList<PhraseEvent> continuation, int n = 4)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var pitches = continuation.Where(e => e.Kind == PhraseEventKind.Note).Select(e => e.Pitch).ToArray();
        if (pitches.Length < n + 1)
        {
            return 0;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeats = 0;
        var total = 0;
        for (var i = 0; i + n <= pitches.Length; i++)
        {
            total++;
            if (!seen.Add(string.Join(',', pitches.AsSpan(i, n).ToArray())))
            {
                repeats++;
            }
        }

        return (double)repeats / total;
    }

    /// <summary>Notes per second over the span from the segment's first event to its last.</summary>
    public static double Density(IReadOnlyList<PhraseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var notes = events.Count(e => e.Kind == PhraseEventKind.Note);
        var span = events.Skip(1).Sum(e => e.TimeShift);
        return span > 0 ? notes / span : double.NaN;
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
