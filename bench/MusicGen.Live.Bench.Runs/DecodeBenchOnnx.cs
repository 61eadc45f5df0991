using System.Diagnostics;
using System.Globalization;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Models.Onnx;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// The side-by-side rows of <c>bench decode</c>: the shipped PhraseTransformer's full decode step (feed one event,
/// then the five field heads in turn: what a sampled event costs) on the native runtime (float) and on ONNX
/// Runtime (CPU, one intra-op thread), at the card's window and at 1024, on the calling thread. Median step and
/// managed bytes allocated per step for each. A model without ONNX graphs says so.
/// </summary>
internal static class DecodeBenchOnnx
{
    public static void Run(int steps, string stem = PhraseTransformerFile.DefaultStem)
    {
        if (!File.Exists(stem + ".json"))
        {
            Console.WriteLine($"phrase model: not measured ({stem}.json not found)");
            return;
        }

        var native = PhraseTransformerFile.Load(stem).Model;
        OrtPhraseModel onnx;
        try
        {
            onnx = OrtPhraseModel.Load(stem, OnnxDevice.Cpu);
        }
        catch (ModelFileException e)
        {
            Console.WriteLine($"phrase model onnx: not measured ({e.Message})");
            return;
        }

        using (onnx)
        {
            foreach (var window in new[] { native.Config.Window, 1024 })
            {
                var n = Measure(new NativePhraseDecoder(native.WithWindow(window)), window, steps);
                using var decoder = onnx.CreateDecoder(window);
                var o = Measure(decoder, window, steps);
                BenchReport.Figure($"phrase_native_fp32_ms_ctx{window}", n.Ms);
                BenchReport.Figure($"phrase_onnx_ms_ctx{window}", o.Ms);
                BenchReport.Figure($"phrase_native_alloc_bytes_per_step_ctx{window}", n.Alloc);
                BenchReport.Figure($"phrase_onnx_alloc_bytes_per_step_ctx{window}", o.Alloc);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"phrase step, context {window}: onnx/native = {o.Ms / n.Ms:F2}"));
            }
        }
    }

    private static (double Ms, long Alloc) Measure(IPhraseDecoder decoder, int window, int steps)
    {
        var encoding = decoder.Config.CreateEncoding();
        var logits = new float[128];
        var token = new PhraseToken(10, 0, 30, 20, 16);
        void Step(int i)
        {
            decoder.Observe(token with { Pitch = 20 + (i % 40) });
            decoder.BeginFields();
            for (var f = 0; f < PhraseToken.FieldCount; f++)
            {
                decoder.FieldLogits((PhraseField)f, logits.AsSpan(0, encoding.ClassCount(f)));
                decoder.ChooseField((PhraseField)f, f == 1 ? 0 : 3);
            }
        }

        var warm = Stopwatch.StartNew();
        for (var i = 0; i < window + 20 || warm.ElapsedMilliseconds < 500; i++)
        {
            Step(i);
        }

        var times = new double[steps];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            Step(i);
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        var alloc = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
        Array.Sort(times);
        return (times[steps / 2], alloc);
    }
}
