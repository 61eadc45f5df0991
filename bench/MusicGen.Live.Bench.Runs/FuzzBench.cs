using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Midi;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench fuzz [--streams N] [--seed S] [--file F] [--generator echo|transformer]</c>: the live path
/// in-process (<see cref="LiveFuzzer"/>: input receiver, engine processor, scheduler, simulated clock) fed random
/// and mutated byte streams (<see cref="FuzzStreams"/>, mutations of a real performance). Figures: streams, bytes,
/// rejected bytes, notes, and the defects, which must all be 0: exceptions, streams that left a note or pedal down,
/// malformed messages sent; and the bytes allocated per stream in steady state, per window. Exit 1 on any defect.
/// The velocity stage is the shipped one (StyleNet when its card is present); the generator is the phrase echo
/// placeholder unless <c>--generator transformer</c> (each answer then costs model steps: far fewer streams a second).
/// </summary>
public static class FuzzBench
{
    public const string DefaultFile = "../shared/data/nasap/Chopin/Etudes_op_10/3/SunMeiting08.mid";

    public static int Run(long count, int seed, string path, GeneratorModel generator, StageSource stageSource)
    {
        if (count < 100)
        {
            throw new ArgumentException("--streams must be at least 100");
        }

        var options = Options();
        options.Continuation.Generator = generator;
        var stages = stageSource(options);
        foreach (var warning in stages.Warnings)
        {
            Console.WriteLine($"WARNING: {warning}");
        }

        var velocity = stages.Velocity;
        var phrase = stages.Generator;
        var source = new FuzzStreams(MidiFile.Read(path), seed);
        using var fuzzer = new LiveFuzzer(options, velocity, phrase, source);
        Console.WriteLine($"fuzz: {count} streams from {path} ({source.SourceMessages} messages), velocity stage {fuzzer.VelocityStageName}, generator {fuzzer.GeneratorName}");
        var report = fuzzer.Run(count);
        Print(report);
        if (report.FirstDefect is { } defect)
        {
            Console.WriteLine($"first defect: {defect}");
            return 1;
        }

        return 0;
    }

    /// <summary>The engine's defaults, answers kept short (0.5 s) so each stream settles quickly.</summary>
    public static EngineOptions Options()
    {
        var options = new EngineOptions();
        options.Continuation.LengthSeconds = 0.5;
        options.Recording.Enabled = false;
        return options;
    }

    private static void Print(FuzzReport r)
    {
        BenchReport.Figure("fuzz_streams", r.Streams);
        BenchReport.Figure("fuzz_bytes", r.Bytes);
        BenchReport.Figure("fuzz_rejected_bytes", r.RejectedBytes);
        BenchReport.Figure("fuzz_ignored_messages", r.IgnoredMessages);
        BenchReport.Figure("fuzz_events_in", r.EventsIn);
        BenchReport.Figure("fuzz_notes_in", r.NotesIn);
        BenchReport.Figure("fuzz_note_ons_out", r.NoteOnsOut);
        BenchReport.Figure("fuzz_generated_notes", r.GeneratedNotes);
        BenchReport.Figure("fuzz_continuations", r.Continuations);
        BenchReport.Figure("fuzz_mode_restores", r.ModeSwitches);
        BenchReport.Figure("fuzz_panics", r.Panics);
        BenchReport.Figure("fuzz_faults", r.Faults);
        BenchReport.Figure("fuzz_watchdog_releases", r.WatchdogReleases);
        BenchReport.Figure("fuzz_dropped", r.Dropped);
        BenchReport.Figure("fuzz_exceptions", r.Exceptions);
        BenchReport.Figure("fuzz_hanging_streams", r.HangingStreams);
        BenchReport.Figure("fuzz_malformed_out", r.MalformedOut);
        for (var i = 0; i < r.AllocationWindows.Count; i++)
        {
            BenchReport.Figure($"fuzz_alloc_bytes_window_{i + 1}", r.AllocationWindows[i]);
        }

        BenchReport.Figure("fuzz_alloc_bytes_per_stream_steady", r.SteadyBytesPerStream);
        BenchReport.Figure("fuzz_humanize_switch_streams", r.HumanizeSwitchStreams);
        BenchReport.Figure("fuzz_humanize_switch_alloc_bytes", r.HumanizeSwitchBytes);
        BenchReport.Figure("fuzz_seconds", r.Seconds);
        BenchReport.Figure("fuzz_streams_per_second", r.Streams / r.Seconds);
    }
}
