using System.CommandLine;
using System.Diagnostics;
using MusicGen.Live.Tensors.Layers;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary>
/// <c>musicgen bench decode</c>: latency of one cached decode step of a 4-layer, d=256, 4-head transformer
/// (MLP 1024, vocab 512, random weights) on the calling thread, at contexts 64, 512 and 1024. For each
/// context the attention window equals the context and the cache is filled first, so every timed step
/// attends to exactly that many positions. Two precisions: bf16 weights + KV cache (what live decoding uses;
/// the step is memory-bound) give <c>decode_ms_ctx*</c>; all-float gives <c>decode_fp32_ms_ctx*</c>.
/// Reports the median step and the most bytes allocated per step by either.
/// </summary>
public static class BenchDecodeCommand
{
    private static readonly int[] s_contexts = [64, 512, 1024];

    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Timed decode steps per context (after filling the cache).", DefaultValueFactory = _ => 400 };
        var command = new Command("decode", "Cached decode step of a 4-layer d=256 4-head transformer at context 64/512/1024, single thread.") { steps };
        command.SetAction(parse => CliAction.Run(() => Run(parse.GetValue(steps))));
        return command;
    }

    private static int Run(int steps)
    {
        if (steps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), $"--steps must be positive, got {steps}");
        }

        // Medians survive a busy machine better than means; say how busy it was.
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        Console.WriteLine($"single thread; {Environment.ProcessorCount} cores, 1-min load average {load}");

        // One untimed pass of each path first: tiered JIT and PGO settle before anything is reported.
        Measure(64, bf16: true, steps, quiet: true);
        Measure(64, bf16: false, steps, quiet: true);
        var figures = new List<(string Name, double Ms)>();
        long allocPerStep = 0;
        // fp32 first so the closing lines are the issue's four: decode_ms_ctx64/512/1024 (bf16) and the allocation.
        foreach (var bf16 in new[] { false, true })
        {
            foreach (var ctx in s_contexts)
            {
                var (median, alloc) = Measure(ctx, bf16, steps, quiet: false);
                allocPerStep = Math.Max(allocPerStep, alloc);
                figures.Add((bf16 ? $"decode_ms_ctx{ctx}" : $"decode_fp32_ms_ctx{ctx}", median));
            }
        }

        // The shipped model on both runtimes, side by side; the figures below stay the engine's default path.
        BenchDecodeOnnx.Run(steps);
        foreach (var (name, ms) in figures)
        {
            BenchReport.Figure(name, ms);
        }

        BenchReport.Figure("decode_alloc_bytes_per_step", allocPerStep);
        return 0;
    }

    private static (double MedianMs, long AllocPerStep) Measure(int ctx, bool bf16, int steps, bool quiet)
    {
        var cfg = new TransformerConfig(Vocab: 512, Layers: 4, new DecoderConfig(ModelDim: 256, Heads: 4, MlpDim: 1024, Window: ctx));
        var model = Transformer.Random(new Random(1), cfg);
        if (bf16)
        {
            model.UseBFloat16ForDecode();
        }

        var state = new TransformerRunState(cfg, 1, bfloat16Cache: bf16);
        var logits = new float[cfg.Vocab];

        // Fill the cache, then keep stepping for a while so tiered JIT has promoted the hot code.
        var warm = Stopwatch.StartNew();
        for (var t = 0; t < ctx + 50 || warm.ElapsedMilliseconds < 500; t++)
        {
            model.Step(t % cfg.Vocab, logits, state);
        }

        var times = new double[steps];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++)
        {
            var start = Stopwatch.GetTimestamp();
            model.Step(i % cfg.Vocab, logits, state);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var alloc = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
        Array.Sort(times);
        var median = times[steps / 2];
        if (!quiet)
        {
            Console.WriteLine($"{(bf16 ? "bf16" : "fp32")} context {ctx,5}: median {median:0.000} ms, p90 {times[steps * 9 / 10]:0.000} ms, min {times[0]:0.000} ms over {steps} steps");
        }

        return (median, alloc);
    }
}
