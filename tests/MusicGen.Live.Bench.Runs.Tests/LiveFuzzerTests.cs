using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Midi;
using MusicGen.Live.Models;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Bench.Runs.Tests;

/// <summary>
/// The small version of <c>bench fuzz</c> (the full run feeds a million streams): a few thousand random and mutated
/// byte streams through the live path in-process, with the shipped velocity model. Checked after every stream by the
/// fuzzer itself (nothing sounding, no pedal down, no exception, nothing malformed sent); here its report's invariants.
/// </summary>
public sealed class LiveFuzzerTests
{
    [Fact]
    public void Thousands_of_mangled_streams_leave_no_note_no_exception_and_no_steady_allocation()
    {
        var options = FuzzBench.Options();

        // The stage the command line's factory builds for the default model, with the bench's humanize options.
        var card = ModelCatalog.CardPath(RepoPaths.InRepo("models"), ModelCatalog.Find(options.Humanize.Model));
        var model = NoteStyleNet.Load(card);
        var velocity = new StyleNetVelocityStage(model, StyleNetStyle.Classical, options.Humanize.InputDynamics, (float)options.Humanize.EffectiveExpression);
        var streams = new FuzzStreams(MidiFile.Read(Path.Combine(RepoPaths.Data, "nasap", "Chopin", "Etudes_op_10", "3", "SunMeiting08.mid")), seed: 3);
        using var fuzzer = new LiveFuzzer(options, velocity, new RecentPhraseEcho(), streams);

        var report = fuzzer.Run(4000);

        Assert.True(report.FirstDefect is null, report.FirstDefect);
        Assert.Equal((0, 0, 0), (report.Exceptions, report.HangingStreams, report.MalformedOut));
        Assert.Equal(VelocityModel.Default, options.Humanize.Model); // the shipped model, not the contour placeholder

        // The streams reached every part of the live path: garbage rejected, notes humanized, answers, controls.
        Assert.True(report.RejectedBytes > 0 && report.RejectedBytes < report.Bytes);
        Assert.True(report.NotesIn > 1000 && report.NoteOnsOut >= report.NotesIn);
        Assert.True(report.Continuations > 0 && report.GeneratedNotes > 0);
        Assert.True(report.Panics > 0 && report.ModeSwitches > 0);

        // Steady state allocates nothing (a tier-up landing may show once; an allocation per stream shows in every window).
        Assert.True(report.AllocationWindows.Count(w => w == 0) * 2 > report.AllocationWindows.Count, $"bytes per window: {string.Join(", ", report.AllocationWindows)}");
    }
}
