using System.Diagnostics;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench stylenet</c>: the note-level StyleNet's cost per note through the live streamer
/// (note-on, note-off, take), causal and with look-ahead, on the calling thread (one core), after a warm-up,
/// as wall time and as process CPU time per note;
/// plus the bytes allocated per note in steady state (should be 0). The unnamed figures are at the precision the engine runs
/// (<see cref="StyleNetVelocityStage.PrecisionFor"/> on this CPU, printed as <c>precision=</c>); the other precisions' causal
/// figures follow in the same process (so their ratios share its load), named by them.
/// Given the whole-file model's card (<c>--model models/stylenet-note-offline.json</c>), its Bi-LSTM streamed within the
/// look-ahead as the engine's look-ahead mode runs it, at 120 ms and at <c>--lookahead-ms</c> (a twentieth of <c>--notes</c> timed:
/// a note costs tens of the streaming model's steps).
/// </summary>
public static class StyleNetBench
{
    public static int Run(string cardPath, int notes, int lookaheadMs)
    {
        var n = notes;
        if (n < 1000)
        {
            throw new ArgumentException("--notes must be at least 1000");
        }

        if (ModelCard.Read(cardPath).Kind == OfflineNoteStyleNet.Kind)
        {
            Bidirectional(OfflineNoteStyleNet.Load(cardPath), Math.Max(1000, n / 20), lookaheadMs);
            return 0;
        }

        var model = NoteStyleNet.Load(cardPath);
        BenchReport.Machine();
        Console.WriteLine($"model hidden={model.Config.Hidden} layers={model.Config.Layers} notes={n} thread=caller");
        var engine = StyleNetVelocityStage.PrecisionFor(model);
        Console.WriteLine($"precision={Name(engine)} (the engine's for this model on this CPU, StyleNetVelocityStage.PrecisionFor)");
        var native = new NoteStyleNetRunState(model.WithPrecision(engine));
        var (causalUs, causalCpu, causalAlloc) = Run(native, 0f, n);
        var (aheadUs, aheadCpu, aheadAlloc) = Run(native, lookaheadMs / 1000f, n);

        // Wall time suffers on a shared machine; process CPU time per note shows the cost itself.
        BenchReport.Figure("stylenet_us_per_note_causal", causalUs);
        BenchReport.Figure("stylenet_us_per_note_lookahead", aheadUs);
        BenchReport.Figure("stylenet_cpu_us_per_note_causal", causalCpu);
        BenchReport.Figure("stylenet_cpu_us_per_note_lookahead", aheadCpu);
        BenchReport.Figure("stylenet_alloc_bytes_per_note", (double)(causalAlloc + aheadAlloc) / (2.0 * n));
        foreach (var other in Enum.GetValues<StyleNetPrecision>().Where(p => p != engine))
        {
            var (otherUs, otherCpu, otherAlloc) = Run(new NoteStyleNetRunState(model.WithPrecision(other)), 0f, n);
            BenchReport.Figure($"stylenet_{Name(other)}_us_per_note_causal", otherUs);
            BenchReport.Figure($"stylenet_{Name(other)}_cpu_us_per_note_causal", otherCpu);
            BenchReport.Figure($"stylenet_{Name(other)}_alloc_bytes_per_note", (double)otherAlloc / n);
        }

        StyleNetBenchOnnx.Run(cardPath, n, lookaheadMs / 1000f, (step, la) => Run(step, la, n), causalUs);
        return 0;
    }

    private static string Name(StyleNetPrecision p) => p.ToString().ToLowerInvariant();

    private static void Bidirectional(OfflineNoteStyleNet model, int n, int lookaheadMs)
    {
        BenchReport.Machine();
        Console.WriteLine($"model hidden={model.Config.Hidden} layers={model.Config.Layers} bidirectional=within-lookahead notes={n} thread=caller");
        long alloc = 0;
        foreach (var ms in new[] { 120, lookaheadMs })
        {
            var (us, cpu, bytes) = Run(model.CreateStream(Lookahead.FromSeconds(ms / 1000f), StyleNetStyle.Classical), n);
            BenchReport.Figure($"stylenet_bilstm_us_per_note_lookahead_{ms}ms", us);
            BenchReport.Figure($"stylenet_bilstm_cpu_us_per_note_lookahead_{ms}ms", cpu);
            alloc += bytes;
        }

        BenchReport.Figure("stylenet_bilstm_alloc_bytes_per_note", (double)alloc / (2.0 * n));
    }

    private static (double Us, double CpuUs, long Alloc) Run(INoteStyleNetStep step, float la, int count)
    {
        step.Reset();
        return Run(new NoteStyleNetStreamer(step, Lookahead.FromSeconds(la), StyleNetStyle.Classical), count);
    }

    private static (double Us, double CpuUs, long Alloc) Run(NoteStyleNetStreamer stream, int count)
    {
        var t = 0.0;
        var sink = 0L;
        void Play(int n)
        {
            for (var i = 0; i < n; i++)
            {
                // 8 notes per second with some chords: a busy but human texture.
                t += (i % 4) == 0 ? 0.01 : 0.16;
                var pitch = 40 + ((i * 7) % 48);
                stream.NoteOn(t, pitch, (i & 8) != 0);
                stream.NoteOff(40 + (((i - 3) * 7) % 48 + 48) % 48, t);
                while (stream.TryTake(t, out _, out var v))
                {
                    sink += v;
                }
            }
        }

        // Warm up for time, not a count of notes: the tiered JIT promotes hot methods after a delay (~100 ms), and
        // 5000 notes of a fast step end before it, which left the first figure measured partly at tier 0.
        var warm = Stopwatch.StartNew();
        do
        {
            Play(5000);
        }
        while (warm.ElapsedMilliseconds < 500);

        var clock = new Stopwatch();
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var before = GC.GetAllocatedBytesForCurrentThread();
        clock.Start();
        Play(count);
        clock.Stop();
        var alloc = GC.GetAllocatedBytesForCurrentThread() - before;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalMicroseconds / count;
        GC.KeepAlive(sink);
        return (clock.Elapsed.TotalMicroseconds / count, cpu, alloc);
    }
}
