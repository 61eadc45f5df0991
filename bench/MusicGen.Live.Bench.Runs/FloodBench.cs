using System.Diagnostics;
using MusicGen.Live.Engine.Config;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench flood [--rate 20000] [--seconds 60]</c>: the live engine (in this process, on JACK ports, as
/// <c>live --backend jack</c>) flooded through a private JACK server by a separate JACK client: note-on/note-off pairs
/// on random keys at the given rate. Figures: messages and note-ons sent and heard back, every drop (player port,
/// engine rings and ports), memory (RSS at start, end and highest), gen-2 collections, xruns, and after the flood and
/// after stop how many notes still sound on the engine's output (a listening JACK client tracks them; must be 0).
/// <c>flood_note_ons_unaccounted</c> = note-ons sent − heard − drops counted: at most 0 when every loss is counted.
/// Exit 1 when a note hangs or a loss is not counted.
/// </summary>
public static class FloodBench
{
    public static int Run(int rate, double seconds, StageSource stages)
    {
        BenchReport.Machine();
        if (rate < 2 || seconds <= 0)
        {
            throw new ArgumentException("--rate must be at least 2 and --seconds above 0");
        }

        var options = new EngineOptions();
        options.Continuation.Mode = ContinuationMode.Off; // a flood leaves no silence to answer; the player's path is measured
        using var rig = new JackEngineRig(options, "musicgen-flood", stages);
        foreach (var warning in rig.Warnings)
        {
            BenchReport.Text("warning", warning);
        }

        Console.WriteLine($"flood: {rate} messages/s for {seconds:0.#} s through JACK server '{rig.ServerName}' into the engine ({rig.Engine.Processor.VelocityStageName}; recording off)");
        var gen2Before = GC.CollectionCount(2);
        var rssStart = JackEngineRig.RssMiB();
        var rssMax = rssStart;
        long sent = 0, sentOns = 0;
        var random = new Random(20);
        var sounding = new byte[8]; // keys the player holds, ended 8 note-ons later
        var ring = 0;
        Span<byte> message = stackalloc byte[3];
        var clock = Stopwatch.StartNew();
        var nextSample = 1.0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            while (sent + 2 <= due)
            {
                if (sounding[ring] != 0)
                {
                    message[0] = 0x80;
                    message[1] = sounding[ring];
                    message[2] = 0;
                    rig.Player.Send(message);
                }
                else
                {
                    message[0] = 0xB0; // a harmless controller keeps the count of messages even while the ring fills
                    message[1] = 1;
                    message[2] = 0;
                    rig.Player.Send(message);
                }

                var key = (byte)random.Next(36, 97);
                while (sounding.AsSpan().Contains(key))
                {
                    key = (byte)random.Next(36, 97); // a key already held would be a re-strike, not a new note
                }

                message[0] = 0x90;
                message[1] = key;
                message[2] = (byte)random.Next(20, 121);
                rig.Player.Send(message);
                sounding[ring] = key;
                ring = (ring + 1) % sounding.Length;
                sent += 2;
                sentOns++;
            }

            if (clock.Elapsed.TotalSeconds >= nextSample)
            {
                rssMax = Math.Max(rssMax, JackEngineRig.RssMiB());
                nextSample += 1;
            }

            Thread.Sleep(1);
        }

        foreach (var key in sounding.Where(k => k != 0))
        {
            message[0] = 0x80;
            message[1] = key;
            message[2] = 0;
            rig.Player.Send(message);
            sent++;
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var quietAfterFlood = rig.WaitQuiet(TimeSpan.FromSeconds(5));
        var soundingAfterFlood = rig.Output.Sounding;
        var rssEnd = JackEngineRig.RssMiB();
        rssMax = Math.Max(rssMax, rssEnd);
        rig.Stop();
        var engine = rig.Engine;
        var dropped = rig.Player.Dropped + engine.Dropped - engine.GenerationDropped; // MIDI messages lost
        var unaccounted = sentOns - rig.Output.NoteOns - dropped;
        BenchReport.Figure("flood_rate", (long)rate);
        BenchReport.Figure("flood_seconds", elapsed);
        BenchReport.Figure("flood_sent", sent);
        BenchReport.Figure("flood_sent_per_second", sent / elapsed);
        BenchReport.Figure("flood_sent_note_ons", sentOns);
        BenchReport.Figure("flood_engine_notes_in", engine.Metrics.NotesIn);
        BenchReport.Figure("flood_engine_notes_out", engine.Metrics.NotesOut);
        BenchReport.Figure("flood_heard", rig.Output.Messages);
        BenchReport.Figure("flood_heard_note_ons", rig.Output.NoteOns);
        BenchReport.Figure("flood_dropped_player", rig.Player.Dropped);
        BenchReport.Figure("flood_dropped_engine", engine.Dropped - engine.GenerationDropped);
        BenchReport.Figure("flood_dropped_generator_feed", engine.GenerationDropped);
        BenchReport.Figure("flood_rejected_bytes", engine.RejectedBytes);
        BenchReport.Figure("flood_note_ons_unaccounted", unaccounted);
        BenchReport.Figure("flood_polyphony_steals", engine.Metrics.PolyphonySteals);
        BenchReport.Figure("flood_watchdog_releases", engine.Metrics.WatchdogReleases);
        BenchReport.Figure("flood_faults", engine.Metrics.Faults);
        BenchReport.Figure("flood_malformed_out", rig.Output.Malformed);
        BenchReport.Figure("flood_sounding_after_flood", (long)soundingAfterFlood);
        BenchReport.Figure("flood_sounding_after_stop", (long)rig.Output.Sounding);
        BenchReport.Figure("flood_pedals_down_after_stop", (long)rig.Output.PedalsDown);
        BenchReport.Figure("flood_latency_p50_ms", engine.Metrics.PlayerLatency.Percentile(0.5));
        BenchReport.Figure("flood_latency_p99_ms", engine.Metrics.PlayerLatency.Percentile(0.99));
        BenchReport.Figure("flood_rss_start_mib", rssStart);
        BenchReport.Figure("flood_rss_end_mib", rssEnd);
        BenchReport.Figure("flood_rss_max_mib", rssMax);
        BenchReport.Figure("flood_gen2_collections", (long)(GC.CollectionCount(2) - gen2Before));
        BenchReport.Figure("flood_xruns", rig.Xruns);
        var ok = quietAfterFlood && rig.Output.Sounding == 0 && rig.Output.PedalsDown == 0 && unaccounted <= 0 && rig.Output.Malformed == 0;
        Console.WriteLine(ok ? "flood: every note ended, every loss counted" : "flood: FAILED (a note hangs, a loss is not counted, or a malformed message was sent)");
        return ok ? 0 : 1;
    }
}
