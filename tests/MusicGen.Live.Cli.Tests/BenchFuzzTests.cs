using MusicGen.Live.Bench.Runs;
using MusicGen.Live.Cli.Commands.Bench;
using MusicGen.Live.Cli.Live;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Midi;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests;

/// <summary>
/// The small version of <c>bench fuzz</c> (the full run feeds a million streams): a few thousand random and mutated
/// byte streams through the live path in-process, with the shipped velocity stage. Checked after every stream by the
/// fuzzer itself (nothing sounding, no pedal down, no exception, nothing malformed sent); here its report's invariants.
/// </summary>
public sealed class BenchFuzzTests
{
    [Fact]
    public void Thousands_of_mangled_streams_leave_no_note_no_exception_and_no_steady_allocation()
    {
        var options = BenchFuzzCommand.Options();
        var warnings = new List<string>();
        var velocity = StageFactory.Velocity(options.Humanize, RepoPaths.Root, warnings);
        var streams = new FuzzStreams(MidiFile.Read(Path.Combine(RepoPaths.Data, "nasap", "Chopin", "Etudes_op_10", "3", "SunMeiting08.mid")), seed: 3);
        using var fuzzer = new LiveFuzzer(options, velocity, new RecentPhraseEcho(), streams);

        var report = fuzzer.Run(4000);

        Assert.True(report.FirstDefect is null, report.FirstDefect);
        Assert.Equal((0, 0, 0), (report.Exceptions, report.HangingStreams, report.MalformedOut));
        Assert.IsType<StyleNetVelocityStage>(velocity); // the shipped stage, not the contour placeholder
        Assert.Empty(warnings);

        // The streams reached every part of the live path: garbage rejected, notes humanized, answers, controls.
        Assert.True(report.RejectedBytes > 0 && report.RejectedBytes < report.Bytes);
        Assert.True(report.NotesIn > 1000 && report.NoteOnsOut >= report.NotesIn);
        Assert.True(report.Continuations > 0 && report.GeneratedNotes > 0);
        Assert.True(report.Panics > 0 && report.ModeSwitches > 0);

        // Steady state allocates nothing (a tier-up landing may show once; an allocation per stream shows in every window).
        Assert.True(report.AllocationWindows.Count(w => w == 0) * 2 > report.AllocationWindows.Count, $"bytes per window: {string.Join(", ", report.AllocationWindows)}");
    }

    [Fact]
    public void The_checker_sees_a_note_left_on_a_pedal_left_down_and_a_malformed_message()
    {
        using var checker = new OutputChecker();
        checker.Send([0x90, 60, 100]);
        checker.Send([0xB1, 64, 127]);
        checker.Send([0x90, 0xC8, 0x40]);
        checker.Send([0xC0, 1, 2]);
        Assert.Equal((1, 1, 2L, 1L), (checker.Sounding, checker.PedalsDown, checker.Malformed, checker.NoteOns));

        checker.Send([0x80, 60, 0]);
        checker.Send([0xB1, 64, 0]);
        checker.Send([0xF0, 1, 2, 0xF7]);
        Assert.Equal((0, 0, 2L, 7L), (checker.Sounding, checker.PedalsDown, checker.Malformed, checker.Messages));
    }
}
