using System.CommandLine;
using System.Diagnostics;
using MusicGen.Live.Tensors.Layers;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary>
/// <c>musicgen bench decode</c>: latency of one cached decode step of a 4-layer, d=256, 4-head transformer
/// (MLP 1024, vocab 512, random weights) on the calling thread, at contexts 64, 512 and 1024. For each
/// context the attention window equals the context and the cache is filled first, so every timed step
/// attends to exactly that many positions. Reports the median step and the bytes allocated per step.
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

        var results = new List<(int Context, double Ms)>();
        long allocPerStep = 0;
        foreach (var ctx in s_contexts)
        {
            var cfg = new TransformerConfig(Vocab: 512, Layers: 4, new DecoderConfig(ModelDim: 256, Heads: 4, MlpDim: 1024, Window: ctx));
            var model = Transformer.Random(new Random(1), cfg);
            var state = new TransformerRunState(cfg, 1);
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

            allocPerStep = Math.Max(allocPerStep, (GC.GetAllocatedBytesForCurrentThread() - before) / steps);
            Array.Sort(times);
            var median = times[steps / 2];
            Console.WriteLine($"context {ctx,5}: median {median:0.000} ms, p90 {times[steps * 9 / 10]:0.000} ms, min {times[0]:0.000} ms over {steps} steps");
            results.Add((ctx, median));
        }

        foreach (var (ctx, ms) in results)
        {
            BenchReport.Figure($"decode_ms_ctx{ctx}", ms);
        }

        BenchReport.Figure("decode_alloc_bytes_per_step", allocPerStep);
        return 0;
    }
}
