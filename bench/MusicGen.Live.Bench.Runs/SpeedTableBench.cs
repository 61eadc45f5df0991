using System.Globalization;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench speed</c>: the README's table of speed per SIMD width in one command. Each round runs the C
/// yardstick (tools/decode_ref, all three builds), then <c>bench decode</c> and <c>bench stylenet</c> (the engine's
/// model and the large one) under every width this CPU can be held to (<see cref="SimdTarget"/>), each in its own
/// process because the width switches reach the JIT only at start-up. Rounds alternate everything, so a load that
/// comes and goes lands on all columns alike; cells are the range over rounds, and ratios are taken within a round
/// (ours against the C step of the same round, a width against AVX2 of the same round). Main thread only.
/// </summary>
public static class SpeedTableBench
{
    private static readonly int[] s_contexts = [64, 512, 1024];

    public static int Run(int rounds, int steps, int notes, string largeModel, bool withC)
    {
        if (rounds < 1 || steps < 10 || notes < 1000)
        {
            throw new ArgumentException($"bench speed wants --rounds ≥ 1, --steps ≥ 10, --notes ≥ 1000 (got {rounds}, {steps}, {notes})");
        }

        var reference = Path.Combine("tools", "decode_ref", "run.sh");
        if (withC && !File.Exists(reference))
        {
            throw new FileNotFoundException($"{Path.GetFullPath(reference)} not found: run bench speed from the repository root, or pass --no-c", reference);
        }

        BenchReport.Machine();
        var targets = SimdTarget.OnThisMachine();
        var rows = targets.ToDictionary(t => t.Key, _ => new List<Dictionary<string, double>>());
        var precisions = new Dictionary<string, string>();
        for (var round = 1; round <= rounds; round++)
        {
            var c = withC && targets.Any(t => t.CBuild >= 0) ? CReference(reference, steps) : null;
            foreach (var target in targets)
            {
                Console.Error.WriteLine($"bench speed: round {round} of {rounds}, {target.Label}");
                var (figures, precision) = Ours(target, steps, notes, largeModel);
                precisions[target.Key] = precision;
                if (c is not null && target.CBuild >= 0 && target.CBuild < c.Count)
                {
                    foreach (var ctx in s_contexts)
                    {
                        figures[$"c_ms_ctx{ctx}"] = c[target.CBuild][ctx];
                    }
                }

                rows[target.Key].Add(figures);
            }
        }

        Print(targets, rows, precisions);
        return 0;
    }

    /// <summary>Our figures at one width, and the precisions the engine chose there (decode weights, LSTM weights).</summary>
    private static (Dictionary<string, double> Figures, string Precision) Ours(SimdTarget target, int steps, int notes, string largeModel)
    {
        var stepCount = steps.ToString(CultureInfo.InvariantCulture);
        var noteCount = notes.ToString(CultureInfo.InvariantCulture);
        var decode = ChildBench.Cli(target.Environment, "bench", "decode", "--steps", stepCount);
        var note = ChildBench.Cli(target.Environment, "bench", "stylenet", "--notes", noteCount);
        var large = ChildBench.Cli(target.Environment, "bench", "stylenet", "--notes", noteCount, "--model", largeModel);
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var ctx in s_contexts)
        {
            figures[$"window_ms_ctx{ctx}"] = ChildBench.Number(decode, $"decode_cpu_ms_ctx{ctx}", "bench decode");
        }

        figures["full_ms_ctx1024"] = ChildBench.Number(decode, "decode_full_cpu_ms_ctx1024", "bench decode");
        figures["alloc_bytes_per_step"] = ChildBench.Number(decode, "decode_alloc_bytes_per_step", "bench decode");
        figures["stylenet_us"] = ChildBench.Number(note, "stylenet_cpu_us_per_note_causal", "bench stylenet");
        figures["large_us"] = ChildBench.Number(large, "stylenet_cpu_us_per_note_causal", "bench stylenet --model " + largeModel);
        figures["alloc_bytes_per_note"] = Math.Max(
            ChildBench.Number(note, "stylenet_alloc_bytes_per_note", "bench stylenet"),
            ChildBench.Number(large, "stylenet_alloc_bytes_per_note", "bench stylenet --model " + largeModel));
        return (figures, $"{decode.GetValueOrDefault("decode_precision", "?")}, {LstmPrecision(note, large)}");
    }

    /// <summary>
    /// The LSTM precision each StyleNet ran (as its <c>bench stylenet</c> printed it): one name where both models ran the
    /// same, "engine model / large" where the engine chose differently for them.
    /// </summary>
    private static string LstmPrecision(IReadOnlyDictionary<string, string> note, IReadOnlyDictionary<string, string> large)
    {
        var a = note.GetValueOrDefault("precision", "?").Split(' ')[0];
        var b = large.GetValueOrDefault("precision", "?").Split(' ')[0];
        return a == b ? a : $"{a} / {b}";
    }

    /// <summary>The C step's thread CPU median per context, one dictionary per build in the script's order.</summary>
    private static List<Dictionary<int, double>> CReference(string script, int steps)
    {
        Console.Error.WriteLine("bench speed: C yardstick (tools/decode_ref/run.sh)");
        var (code, output) = ChildBench.Capture("bash", [script, "--steps", steps.ToString(CultureInfo.InvariantCulture)]);
        if (code != 0)
        {
            throw new InvalidOperationException($"{script} exited with {code} (gcc missing? pass --no-c): {output.Trim().Split('\n')[^1]}");
        }

        var builds = new List<Dictionary<int, double>>();
        foreach (var section in output.Split("\n== ").Skip(1))
        {
            var figures = ChildBench.Figures(section);
            builds.Add(s_contexts.ToDictionary(ctx => ctx, ctx => ChildBench.Number(figures, $"ref_cpu_ms_ctx{ctx}", script)));
        }

        return builds;
    }

    private static void Print(IReadOnlyList<SimdTarget> targets, Dictionary<string, List<Dictionary<string, double>>> rows, Dictionary<string, string> precisions)
    {
        var avx2 = rows.GetValueOrDefault("avx2");
        Console.WriteLine();
        Console.WriteLine("thread CPU per decode step (ms), process CPU per StyleNet note (µs, causal); ranges over rounds, ratios within a round");
        Console.WriteLine();
        Console.WriteLine("| SIMD | precision (decode, LSTM) | engine window, ctx 64 / 512 / 1024 | × C at 1024 | all 1024 events | × C "
            + "| C step, ctx 1024 | StyleNet engine model / large | × AVX2 (window 1024, StyleNet, large) | allocated |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var t in targets)
        {
            var r = rows[t.Key];
            var hasC = r[0].ContainsKey("c_ms_ctx1024");
            var window = string.Join(" / ", s_contexts.Select(ctx => Range(r, $"window_ms_ctx{ctx}", "0.000")));
            var vsAvx2 = avx2 is null || t.Key == "avx2"
                ? "—"
                : $"{RatioRange(r, avx2, "window_ms_ctx1024", "window_ms_ctx1024")}, {RatioRange(r, avx2, "stylenet_us", "stylenet_us")}, {RatioRange(r, avx2, "large_us", "large_us")}";
            var alloc = $"{r.Max(f => f["alloc_bytes_per_step"]):0} B a step, {r.Max(f => f["alloc_bytes_per_note"]):0} B a note";
            Console.WriteLine($"| {t.Label} | {precisions[t.Key]} | {window} ms | {(hasC ? RatioRange(r, r, "window_ms_ctx1024", "c_ms_ctx1024") : "—")} "
                + $"| {Range(r, "full_ms_ctx1024", "0.000")} ms | {(hasC ? RatioRange(r, r, "full_ms_ctx1024", "c_ms_ctx1024") : "—")} "
                + $"| {(hasC ? Range(r, "c_ms_ctx1024", "0.000") + " ms" : "—")} | {Range(r, "stylenet_us", "0.0")} / {Range(r, "large_us", "0.0")} µs | {vsAvx2} | {alloc} |");
        }

        Console.WriteLine();
        foreach (var t in targets)
        {
            foreach (var name in rows[t.Key][0].Keys)
            {
                BenchReport.Figure($"speed_{t.Key}_{name}", Median(rows[t.Key].Select(f => f[name])));
            }
        }
    }

    private static string Range(List<Dictionary<string, double>> r, string name, string format)
    {
        var (lo, hi) = (r.Min(f => f[name]), r.Max(f => f[name]));
        var a = lo.ToString(format, CultureInfo.InvariantCulture);
        var b = hi.ToString(format, CultureInfo.InvariantCulture);
        return a == b ? a : $"{a}–{b}";
    }

    private static string RatioRange(List<Dictionary<string, double>> top, List<Dictionary<string, double>> bottom, string a, string b)
    {
        var ratios = top.Zip(bottom, (x, y) => x[a] / y[b]).ToList();
        var lo = ratios.Min().ToString("0.00", CultureInfo.InvariantCulture);
        var hi = ratios.Max().ToString("0.00", CultureInfo.InvariantCulture);
        return lo == hi ? $"{lo}×" : $"{lo}–{hi}×";
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
