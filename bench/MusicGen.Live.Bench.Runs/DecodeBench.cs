using System.Diagnostics;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench decode</c>: one generated event of the shipped PhraseTransformer on the calling thread, the
/// engine's exact path (<see cref="PhraseGenerator.SampleNext"/>: five field heads with constrained sampling, then
/// the event fed through the four blocks into the KV cache), after 64, 512 and 1024 events of context.
/// Two attention windows: the engine's (the model card's, 256 events, so 512 and 1024 run past it and the ring
/// drops the oldest) and one as long as the context (every step attends to all of it: the shape llama2.c
/// measures). Five precisions (<see cref="PhraseDecodePrecision"/>): float weights and cache, bfloat16 weights
/// and cache, int8 weights (one scale per row) with a bfloat16 cache, the same with x quantized to int16 and int32
/// dot products (int8a16), and that with an int8 cache (one scale per position and head, integer attention: int8a16kv).
/// <c>decode_ms_ctx*</c> (and <c>decode_cpu_ms_ctx*</c>, <c>decode_full_cpu_ms_ctx*</c>) are the engine's precision
/// (<see cref="PhraseTransformerGenerator.DecodePrecision"/>); the median step is reported, and the most bytes
/// any timed step allocated on average. Beside each wall-clock median, the median of the thread's own CPU time
/// per step (<c>*_cpu_ms_*</c>): on a shared machine wall time also counts the time the thread waited for a core.
/// </summary>
public static class DecodeBench
{
    private static readonly int[] s_contexts = [64, 512, 1024];

    private static readonly PhraseDecodePrecision[] s_precisions =
    [
        PhraseDecodePrecision.Fp32, PhraseDecodePrecision.Bf16, PhraseDecodePrecision.Int8, PhraseDecodePrecision.Int8A16,
        PhraseDecodePrecision.Int8A16Kv,
    ];

    public static int Run(string stem, int steps)
    {
        if (steps < 10)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), $"--steps must be at least 10, got {steps}");
        }

        if (!File.Exists(stem + ".json"))
        {
            throw new FileNotFoundException(
                $"bench decode measures the shipped model and {Path.GetFullPath(stem + ".json")} does not exist (run from the repository root, or pass --model)",
                stem + ".json");
        }

        var shipped = PhraseTransformerFile.Load(stem).Model;
        var cfg = shipped.Config;
        BenchReport.Machine();
        Console.WriteLine(ThreadCpuClock.IsThreadCpu
            ? "times: wall per step, and the thread's own CPU time per step (what a shared machine's load does not add)"
            : "times: wall per step (no thread CPU clock here; the cpu figures are wall time too)");
        Console.WriteLine($"model={stem} layers={cfg.Layers} d={cfg.ModelDim} heads={cfg.Heads} mlp={cfg.MlpDim} window={cfg.Window}; "
            + $"single thread; engine precision {PhraseTransformerGenerator.DecodePrecision}");

        // One untimed pass of each precision first: tiered JIT and PGO settle before anything is reported.
        foreach (var precision in s_precisions)
        {
            Measure(shipped, cfg.Window, 64, precision, steps, quiet: true);
        }

        var figures = new List<(string Name, double Ms)>();
        long allocPerStep = 0;
        foreach (var precision in s_precisions)
        {
            var p = precision.ToString().ToLowerInvariant();
            foreach (var full in new[] { false, true })
            {
                foreach (var ctx in s_contexts)
                {
                    var window = full ? ctx : cfg.Window;
                    var (median, cpuMedian, alloc) = Measure(shipped, window, ctx, precision, steps, quiet: false);
                    allocPerStep = Math.Max(allocPerStep, alloc);
                    figures.Add(($"decode_{p}{(full ? "_full" : "")}_ms_ctx{ctx}", median));
                    figures.Add(($"decode_{p}{(full ? "_full" : "")}_cpu_ms_ctx{ctx}", cpuMedian));
                    if (precision == PhraseTransformerGenerator.DecodePrecision)
                    {
                        // The engine's precision under plain names too, so `bench speed` reads one name on every ISA.
                        figures.Add(($"decode{(full ? "_full" : "")}_cpu_ms_ctx{ctx}", cpuMedian));
                        if (!full)
                        {
                            figures.Add(($"decode_ms_ctx{ctx}", median));
                        }
                    }
                }
            }
        }

        // The same model on both runtimes side by side, both float (ONNX Runtime runs the float graphs); the engine's
        // own figures (decode_ms_ctx*, at its precision) stay last.
        DecodeBenchOnnx.Run(steps, stem);
        foreach (var (name, ms) in figures.OrderBy(f => f.Name.StartsWith("decode_ms", StringComparison.Ordinal)))
        {
            BenchReport.Figure(name, ms);
        }

        BenchReport.Figure("decode_alloc_bytes_per_step", allocPerStep);
        BenchReport.Text("decode_precision", PhraseTransformerGenerator.DecodePrecision.ToString().ToLowerInvariant());
        return 0;
    }

    private static (double MedianMs, double CpuMedianMs, long AllocPerStep) Measure(PhraseTransformerModel shipped, int window, int ctx, PhraseDecodePrecision precision, int steps, bool quiet)
    {
        var model = shipped.WithWindow(window);
        if (precision != PhraseDecodePrecision.Fp32)
        {
            model.UseDecodePrecision(precision);
        }

        var g = new PhraseGenerator(model, seed: 1);
        var settings = new PhraseSamplingSettings();
        settings.SetTopP(PhraseField.Pitch, 0.95f);
        var played = PhraseEvent.Note(0.12, 60, 0.3, 70);
        for (var i = 0; i < ctx; i++)
        {
            g.Observe(played with { Pitch = 48 + (i * 7 % 36) });
        }

        // Keep stepping for a while so tiered JIT has promoted the hot code. Each step adds an event, so put the
        // context back to exactly ctx events before timing (a full ring keeps attending to min(ctx, window)).
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 300)
        {
            g.SampleNext(settings);
        }

        var times = new double[steps];
        var cpu = new double[steps];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++)
        {
            // Below the window every step lengthens what is attended to: refill (untimed) every 16 steps so the
            // context stays within ctx..ctx+16. At or past the window the ring keeps it constant.
            if (i == 0 || (ctx < window && i % 16 == 0))
            {
                g.Reset();
                for (var t = 0; t < ctx; t++)
                {
                    g.Observe(played with { Pitch = 48 + (t * 7 % 36) });
                }
            }

            var cpu0 = ThreadCpuClock.NowNs();
            var start = Stopwatch.GetTimestamp();
            g.SampleNext(settings);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu[i] = (ThreadCpuClock.NowNs() - cpu0) / 1e6;
        }

        var alloc = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
        Array.Sort(times);
        Array.Sort(cpu);
        var median = times[steps / 2];
        if (!quiet)
        {
            Console.WriteLine($"{precision.ToString().ToLowerInvariant()} window {window,5} context {ctx,5}: median {median:0.000} ms, "
                + $"p10 {times[steps / 10]:0.000}, p90 {times[steps * 9 / 10]:0.000}; "
                + $"thread CPU median {cpu[steps / 2]:0.000} ms, p10 {cpu[steps / 10]:0.000} over {steps} steps");
        }

        return (median, cpu[steps / 2], alloc);
    }
}
