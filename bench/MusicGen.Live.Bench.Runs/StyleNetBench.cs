using System.Diagnostics;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench stylenet</c>: the note-level StyleNet's cost per note through the live streamer
/// (note-on, note-off, take), causal and with look-ahead, on the calling thread (one core), after a warm-up,
/// as wall time and as process CPU time per note;
/// plus the bytes allocated per note in steady state (should be 0).
/// </summary>
public static class StyleNetBench
{
    public static int Run(string cardPath, int notes, int lookaheadMs)
    {
        var model = NoteStyleNet.Load(cardPath);
        var n = notes;
        if (n < 1000)
        {
            throw new ArgumentException("--notes must be at least 1000");
        }

        BenchReport.Machine();
        Console.WriteLine($"model hidden={model.Config.Hidden} layers={model.Config.Layers} notes={n} thread=caller");
        var native = new NoteStyleNetRunState(model);
        var (causalUs, causalCpu, causalAlloc) = Run(native, 0f, n);
        var (aheadUs, aheadCpu, aheadAlloc) = Run(native, lookaheadMs / 1000f, n);

        // Wall time suffers on a shared machine; process CPU time per note shows the cost itself.
        BenchReport.Figure("stylenet_us_per_note_causal", causalUs);
        BenchReport.Figure("stylenet_us_per_note_lookahead", aheadUs);
        BenchReport.Figure("stylenet_cpu_us_per_note_causal", causalCpu);
        BenchReport.Figure("stylenet_cpu_us_per_note_lookahead", aheadCpu);
        BenchReport.Figure("stylenet_alloc_bytes_per_note", (double)(causalAlloc + aheadAlloc) / (2.0 * n));
        StyleNetBenchOnnx.Run(cardPath, n, lookaheadMs / 1000f, (step, la) => Run(step, la, n), causalUs);
        return 0;
    }

    private static (double Us, double CpuUs, long Alloc) Run(INoteStyleNetStep step, float la, int count)
    {
        step.Reset();
        var stream = new NoteStyleNetStreamer(step, Lookahead.FromSeconds(la), StyleNetStyle.Classical);
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

        Play(5000);
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
