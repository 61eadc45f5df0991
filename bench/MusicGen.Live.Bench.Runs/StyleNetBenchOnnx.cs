using System.Globalization;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Models.Onnx;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// The ONNX Runtime rows of <c>bench stylenet</c>: the same streamer and notes on the model's exported step
/// (CPU, one intra-op thread), beside the native figures, and their ratio. A card without an ONNX step says so.
/// </summary>
internal static class StyleNetBenchOnnx
{
    public static void Run(string cardPath, int notes, float lookahead, Func<INoteStyleNetStep, float, (double Us, double CpuUs, long Alloc)> measure, double nativeCausalUs)
    {
        OrtNoteStyleNet model;
        try
        {
            model = OrtNoteStyleNet.Load(cardPath, OnnxDevice.Cpu);
        }
        catch (ModelFileException e)
        {
            Console.WriteLine($"onnx: not measured ({e.Message})");
            return;
        }

        using (model)
        using (var step = model.CreateStep())
        {
            var (causalUs, causalCpu, causalAlloc) = measure(step, 0f);
            var (aheadUs, aheadCpu, aheadAlloc) = measure(step, lookahead);
            BenchReport.Figure("stylenet_onnx_us_per_note_causal", causalUs);
            BenchReport.Figure("stylenet_onnx_us_per_note_lookahead", aheadUs);
            BenchReport.Figure("stylenet_onnx_cpu_us_per_note_causal", causalCpu);
            BenchReport.Figure("stylenet_onnx_cpu_us_per_note_lookahead", aheadCpu);
            BenchReport.Figure("stylenet_onnx_alloc_bytes_per_note", (double)(causalAlloc + aheadAlloc) / (2.0 * notes));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"causal per note: onnx/native = {causalUs / nativeCausalUs:F2}"));
        }
    }
}
