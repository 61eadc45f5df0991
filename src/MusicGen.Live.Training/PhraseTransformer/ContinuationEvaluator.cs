using System.Globalization;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// <c>eval transformer --continuations</c>: cuts prompts from a held-out split, continues each with every
/// <see cref="IContinuationSource"/> (file mode; a live replay when plugged in) and reports each
/// <see cref="ContinuationStatistic"/> against the players' own continuation: the mean per mode, its ratio to the
/// players' (flagged outside ±25 %, issue 17's target for file mode) and, for other modes, to file mode (flagged
/// outside ±10 %). Threading: the caller's thread.
/// </summary>
public static class ContinuationEvaluator
{
    public const double PlayersTolerance = 0.25;
    public const double FileTolerance = 0.10;

    /// <summary>
    /// Up to <paramref name="count"/> prompts, spread over the performances: the k-th of a performance starts at the
    /// event (k+1)/(per+1) of the way through; a prompt is the events starting within <paramref name="promptSeconds"/>,
    /// kept when it has at least 8 notes and the performance goes on for the whole continuation window.
    /// </summary>
    internal static List<ContinuationPrompt> CutPrompts(IReadOnlyList<PhraseSequence> sequences, int count, double promptSeconds, double continuationSeconds)
    {
        var prompts = new List<ContinuationPrompt>();
        if (sequences.Count == 0 || count <= 0)
        {
            return prompts;
        }

        var perPiece = (count + sequences.Count - 1) / sequences.Count;
        for (var k = 0; k < perPiece && prompts.Count < count; k++)
        {
            foreach (var s in sequences)
            {
                if (prompts.Count >= count)
                {
                    break;
                }

                if (Cut(s, (int)((long)s.Count * (k + 1) / (perPiece + 1)), promptSeconds, continuationSeconds) is { } p)
                {
                    prompts.Add(p);
                }
            }
        }

        return prompts;
    }

    internal static ContinuationPrompt? Cut(PhraseSequence s, int start, double promptSeconds, double continuationSeconds)
    {
        double startSeconds = 0;
        for (var i = 1; i <= start && i < s.Count; i++)
        {
            startSeconds += s.Shift[i];
        }

        var prompt = new List<PhraseEvent>();
        var i0 = start;
        double t = 0;
        for (; i0 < s.Count; i0++)
        {
            t += i0 == start ? 0 : s.Shift[i0];
            if (t >= promptSeconds)
            {
                break;
            }

            prompt.Add(i0 == start ? s[i0] with { TimeShift = 0 } : s[i0]);
        }

        var players = new List<PhraseEvent>();
        double after = 0;
        var complete = false;
        for (var i = i0; i < s.Count; i++)
        {
            after += s.Shift[i];
            if (after >= continuationSeconds)
            {
                complete = true;
                break;
            }

            players.Add(s[i]);
        }

        return complete && prompt.Count(e => e.Kind == PhraseEventKind.Note) >= 8
            ? new ContinuationPrompt(s.Path, startSeconds, [.. prompt], [.. players])
            : null;
    }

    /// <summary>
    /// Seconds from the prompt's last onset to the first note of <paramref name="continuation"/> (NaN when it has none):
    /// the player's pause, file mode's first sampled shift, or the live engine's silence wait and beat.
    /// </summary>
    public static double StartDelay(IReadOnlyList<PhraseEvent> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        double t = 0;
        foreach (var e in continuation)
        {
            t += Math.Max(0, e.TimeShift);
            if (e.Kind == PhraseEventKind.Note)
            {
                return t;
            }
        }

        return double.NaN;
    }

    /// <summary>
    /// <paramref name="continuation"/> from its first note on, that note's shift set to 0: every mode is measured over
    /// the same length of its own playing, so a live answer that waits for the player's silence is not counted as sparse
    /// for the wait (the wait is its own figure, <see cref="StartDelay"/>).
    /// </summary>
    public static List<PhraseEvent> FromFirstNote(IReadOnlyList<PhraseEvent> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var first = 0;
        while (first < continuation.Count && continuation[first].Kind != PhraseEventKind.Note)
        {
            first++;
        }

        var kept = new List<PhraseEvent>(continuation.Count - first);
        for (var i = first; i < continuation.Count; i++)
        {
            kept.Add(i == first ? continuation[i] with { TimeShift = 0 } : continuation[i]);
        }

        return kept;
    }

    /// <summary>The events of <paramref name="continuation"/> that start within <paramref name="seconds"/> of the prompt's last onset.</summary>
    public static List<PhraseEvent> Window(IReadOnlyList<PhraseEvent> continuation, double seconds)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var kept = new List<PhraseEvent>();
        double t = 0;
        foreach (var e in continuation)
        {
            t += Math.Max(0, e.TimeShift);
            if (t >= seconds)
            {
                break;
            }

            kept.Add(e);
        }

        return kept;
    }

    /// <summary>
    /// Continues every prompt with every source (<paramref name="seeds"/> seeds each: prompt k, seed j uses
    /// <paramref name="seed"/> + k·seeds + j), logs the table and returns the means as
    /// "{split}_continuation_{statistic}_{players|source}".
    /// </summary>
    public static Dictionary<string, double> Run(
        IReadOnlyList<ContinuationPrompt> prompts,
        IReadOnlyList<IContinuationSource> sources,
        int seeds,
        ulong seed,
        double seconds,
        string split,
        Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        var stats = ContinuationStatistic.All;
        var players = stats.Select(_ => new Mean()).ToArray();
        var modes = sources.Select(_ => stats.Select(_ => new Mean()).ToArray()).ToArray();
        var silent = new int[sources.Count];
        var playersDelay = new Mean();
        var delays = sources.Select(_ => new Mean()).ToArray();
        for (var k = 0; k < prompts.Count; k++)
        {
            var p = prompts[k];
            var played = Window(FromFirstNote(p.Players), seconds);
            playersDelay.Add(StartDelay(p.Players));
            for (var i = 0; i < stats.Count; i++)
            {
                players[i].Add(stats[i].Score(p.Prompt, played, seconds));
            }

            for (var m = 0; m < sources.Count; m++)
            {
                for (var j = 0; j < seeds; j++)
                {
                    var raw = sources[m].Continue(p.Prompt, seconds, seed + (ulong)((k * seeds) + j));
                    delays[m].Add(StartDelay(raw));
                    var answer = Window(FromFirstNote(raw), seconds);
                    silent[m] += answer.Any(e => e.Kind == PhraseEventKind.Note) ? 0 : 1;
                    for (var i = 0; i < stats.Count; i++)
                    {
                        modes[m][i].Add(stats[i].Score(p.Prompt, answer, seconds));
                    }
                }
            }
        }

        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < stats.Count; i++)
        {
            results[$"{split}_continuation_{stats[i].Name}_players"] = players[i].Value;
            for (var m = 0; m < sources.Count; m++)
            {
                results[$"{split}_continuation_{stats[i].Name}_{sources[m].Name}"] = modes[m][i].Value;
            }
        }

        results[$"{split}_continuation_start_delay_players"] = playersDelay.Value;
        for (var m = 0; m < sources.Count; m++)
        {
            results[$"{split}_continuation_start_delay_{sources[m].Name}"] = delays[m].Value;
        }

        results[$"{split}_continuation_prompts"] = prompts.Count;
        Log(prompts, sources, seeds, silent, results, split, log);
        return results;
    }

    private static void Log(
        IReadOnlyList<ContinuationPrompt> prompts,
        IReadOnlyList<IContinuationSource> sources,
        int seeds,
        int[] silent,
        Dictionary<string,
        double> r,
        string split,
        Action<string> log)
    {
        var header = $"{"statistic",-20} {"players",8}" + string.Concat(sources.Select(s => $" {s.Name,8}")) + string.Concat(sources.Select(s => $" {s.Name + "/players",14}"))
            + string.Concat(sources.Skip(1).Select(s => $" {s.Name + "/file",11}"));
        log(header);
        var misses = 0;
        foreach (var stat in ContinuationStatistic.All)
        {
            var players = r[$"{split}_continuation_{stat.Name}_players"];
            var line = Invariant($"{stat.Name,-20} {players,8:F3}");
            var values = sources.Select(s => r[$"{split}_continuation_{stat.Name}_{s.Name}"]).ToArray();
            line += string.Concat(values.Select(v => Invariant($" {v,8:F3}")));
            var scale = stat.ScaleOf is null ? double.NaN : r[$"{split}_continuation_{stat.ScaleOf}_players"];
            for (var m = 0; m < values.Length; m++)
            {
                var (text, ok) = Compare(values[m], players, scale, PlayersTolerance);
                misses += ok || m > 0 ? 0 : 1;
                line += $" {text,14}";
            }

            for (var m = 1; m < values.Length; m++)
            {
                var fileScale = stat.ScaleOf is null ? double.NaN : r[$"{split}_continuation_{stat.ScaleOf}_{sources[0].Name}"];
                line += $" {Compare(values[m], values[0], fileScale, FileTolerance).Text,11}";
            }

            log(line);
        }

        log(Invariant($"{"start_delay_s",-20} {r[$"{split}_continuation_start_delay_players"],8:F3}")
            + string.Concat(sources.Select(src => Invariant($" {r[$"{split}_continuation_start_delay_{src.Name}"],8:F3}")))
            + "   (seconds from the prompt's last onset to the first note; each mode is measured from its first note on)");
        for (var m = 0; m < sources.Count; m++)
        {
            log($"{sources[m].Name}: {silent[m]} of {prompts.Count * seeds} continuations played no note in the window");
        }

        log(Invariant($"ratios flagged * fall outside ±{PlayersTolerance:P0} of the players' (the first mode's target) or ±{FileTolerance:P0} of file mode; ")
            + "register_gap, a signed mean, is compared by its difference against that share of the reference's mean |gap|; "
            + Invariant($"{misses} statistic(s) of {(sources.Count > 0 ? sources[0].Name : "no mode")} miss the target"));
    }

    // Ratio to the reference, or for a signed statistic the difference in units of the reference's scale.
    private static (string Text, bool Ok) Compare(double value, double reference, double scale, double tolerance)
    {
        if (double.IsFinite(scale))
        {
            var diff = value - reference;
            var ok = Math.Abs(diff) <= tolerance * scale;
            return (Invariant($"Δ{diff:+0.00;-0.00}{(ok ? " " : "*")}"), ok);
        }

        var ratio = value == reference ? 1 : value / reference; // 0 against 0 (nothing repeats in either) agrees
        var inside = Math.Abs(ratio - 1) <= tolerance;
        return (Invariant($"{ratio:F2}{(inside ? " " : "*")}"), inside);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed class Mean
    {
        private double _sum;
        private int _count;

        public double Value => _count > 0 ? _sum / _count : double.NaN;

        public void Add(double v)
        {
            if (double.IsFinite(v))
            {
                _sum += v;
                _count++;
            }
        }
    }
}
