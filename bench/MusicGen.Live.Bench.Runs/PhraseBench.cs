using System.Diagnostics;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench phrase</c>: cached decode of the shipped phrase transformer on one thread. For each context
/// (256 and 1024 events: the window is set to it and filled first, so every step attends to the full context and
/// the ring drops one event), a step is SampleNext (five field heads, constrained sampling, feeding the event into
/// the cache) plus Observe of a played event, as the engine does it; reports ms per event and bytes allocated per
/// step. Wall time suffers when the machine is shared; CPU time of the (single-threaded) process is reported beside
/// it as the one-core figure. Each context runs with float weights and cache, then with bfloat16 ones. Random weights of the same shape when no model is shipped (said in the output).
/// </summary>
public static class PhraseBench
{
    private static readonly int[] s_contexts = [256, 1024];

    public static int Run(string stem, int steps)
    {
        var timed = steps;
        if (timed < 10)
        {
            throw new ArgumentException("--steps must be at least 10");
        }

        BenchReport.Machine();
        PhraseTransformerModel net;
        if (File.Exists(stem + ".json"))
        {
            net = PhraseTransformerFile.Load(stem).Model;
            Console.WriteLine($"model={stem} layers={net.Config.Layers} d={net.Config.ModelDim} heads={net.Config.Heads}");
        }
        else
        {
            net = PhraseTransformerModel.Random(new Random(1), new PhraseTransformerConfig());
            Console.WriteLine($"model=random (no {stem}.json) layers={net.Config.Layers} d={net.Config.ModelDim}");
        }

        foreach (var context in s_contexts)
        {
            var (ms, cpuMs, bytes) = Decode(net.WithWindow(context), context, timed);
            BenchReport.Figure($"decode_ms_per_event_ctx{context}", ms);
            BenchReport.Figure($"decode_cpu_ms_per_event_ctx{context}", cpuMs);
            BenchReport.Figure($"alloc_bytes_per_step_ctx{context}", bytes);
            (ms, cpuMs, bytes) = Decode(net.WithWindow(context).UseBFloat16ForDecode(), context, timed);
            BenchReport.Figure($"decode_bf16_ms_per_event_ctx{context}", ms);
            BenchReport.Figure($"decode_bf16_cpu_ms_per_event_ctx{context}", cpuMs);
            BenchReport.Figure($"alloc_bytes_per_step_bf16_ctx{context}", bytes);
        }

        return 0;
    }

    private static (double Ms, double CpuMs, double Bytes) Decode(PhraseTransformerModel net, int context, int steps)
    {
        var g = new PhraseGenerator(net, 1);
        var settings = new PhraseSamplingSettings();
        settings.SetTopP(PhraseField.Pitch, 0.95f);
        var played = PhraseEvent.Note(0.12, 60, 0.3, 70);
        for (var i = 0; i < context; i++)
        {
            g.Observe(played with { Pitch = 48 + (i * 7 % 36) });
        }

        for (var i = 0; i < 20; i++)
        {
            g.SampleNext(settings);
        }

        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps / 2; i++)
        {
            g.SampleNext(settings);
            g.Observe(played with { Pitch = 48 + (i * 5 % 36) });
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        var wall = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        var events = 2 * (steps / 2);
        return (wall / events, cpuMs / events, (double)bytes / (steps / 2));
    }
}
