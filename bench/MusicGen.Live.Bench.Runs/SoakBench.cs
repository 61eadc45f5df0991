using System.Diagnostics;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench soak --minutes N [--file F] [--interval-seconds 60]</c>: a recorded performance played in a loop
/// (<see cref="MidiFilePlayer"/>, on time) by a separate JACK client into the live engine (in this process, on JACK
/// ports, the engine's default modes, recording off) on a private JACK server. Per interval (a minute by default):
/// resident memory, gen-2 collections and the player's latency p99 in that interval; then the drift of memory from
/// the end of the first interval to the end of the last, and whether anything still sounds after stop (must not).
/// </summary>
public static class SoakBench
{
    public static int Run(double minutes, string path, double intervalSeconds, StageSource stages)
    {
        BenchReport.Machine();
        if (minutes <= 0 || intervalSeconds <= 0)
        {
            throw new ArgumentException("--minutes and --interval-seconds must be above 0");
        }

        var performance = MidiFile.Read(path);
        using var rig = new JackEngineRig(new EngineOptions(), "musicgen-soak", stages);
        foreach (var warning in rig.Warnings)
        {
            BenchReport.Text("warning", warning);
        }

        Console.WriteLine($"soak: {path} in a loop for {minutes:0.##} min through JACK server '{rig.ServerName}' "
            + $"({rig.Engine.Processor.VelocityStageName}; {rig.Engine.Processor.GeneratorName}; recording off)");
        using var stop = new CancellationTokenSource();
        long loops = 0, sent = 0;
        var player = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                sent += MidiFilePlayer.Play(performance, rig.Player, stop.Token);
                loops++;
            }
        }) { Name = "soak player", IsBackground = true };

        var latency = rig.Engine.Metrics.PlayerLatency;
        var total = TimeSpan.FromMinutes(minutes);
        var clock = Stopwatch.StartNew();
        player.Start();
        var rssFirst = double.NaN;
        var rssLast = double.NaN;
        var gen2Total = 0L;
        for (var i = 1; clock.Elapsed < total; i++)
        {
            var gen2 = GC.CollectionCount(2);
            var snapshot = latency.Snapshot();
            var end = TimeSpan.FromSeconds(Math.Min(i * intervalSeconds, total.TotalSeconds));
            while (clock.Elapsed < end)
            {
                Thread.Sleep(100);
            }

            var rss = JackEngineRig.RssMiB();
            rssFirst = double.IsNaN(rssFirst) ? rss : rssFirst;
            rssLast = rss;
            gen2Total += GC.CollectionCount(2) - gen2;
            BenchReport.Figure($"soak_interval_{i}_rss_mib", rss);
            BenchReport.Figure($"soak_interval_{i}_gen2_collections", (long)(GC.CollectionCount(2) - gen2));
            BenchReport.Figure($"soak_interval_{i}_latency_p99_ms", latency.PercentileSince(snapshot, 0.99));
        }

        stop.Cancel();
        player.Join();
        var quiet = rig.WaitQuiet(TimeSpan.FromSeconds(5)); // the player ended its notes; their humanized copies follow
        rig.Stop();
        var m = rig.Engine.Metrics;
        BenchReport.Figure("soak_seconds", clock.Elapsed.TotalSeconds);
        BenchReport.Figure("soak_loops", loops);
        BenchReport.Figure("soak_sent", sent);
        BenchReport.Figure("soak_notes_in", m.NotesIn);
        BenchReport.Figure("soak_notes_out", m.NotesOut);
        BenchReport.Figure("soak_generated_notes", m.GeneratedNotes);
        BenchReport.Figure("soak_dropped", rig.Player.Dropped + rig.Engine.Dropped);
        BenchReport.Figure("soak_faults", m.Faults);
        BenchReport.Figure("soak_latency_p50_ms", latency.Percentile(0.5));
        BenchReport.Figure("soak_latency_p99_ms", latency.Percentile(0.99));
        BenchReport.Figure("soak_rss_drift_mib", rssLast - rssFirst);
        BenchReport.Figure("soak_gen2_collections", gen2Total);
        BenchReport.Figure("soak_sounding_after_stop", (long)rig.Output.Sounding);
        BenchReport.Figure("soak_pedals_down_after_stop", (long)rig.Output.PedalsDown);
        BenchReport.Figure("soak_malformed_out", rig.Output.Malformed);
        BenchReport.Figure("soak_xruns", rig.Xruns);
        var ok = rig.Output.Sounding == 0 && rig.Output.PedalsDown == 0 && rig.Output.Malformed == 0;
        Console.WriteLine(ok
            ? $"soak: nothing left sounding{(quiet ? string.Empty : " (after stop; notes still sounded 5 s after the player stopped)")}"
            : "soak: FAILED (a note or pedal left on, or a malformed message sent)");
        return ok ? 0 : 1;
    }
}
