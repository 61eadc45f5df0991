using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Engine.Tests.Stages;

/// <summary>
/// Look-ahead humanizing through the engine (processor and scheduler on a virtual clock, ticking every millisecond as
/// the engine thread does) with the shipped engine StyleNet, at every <c>humanize.lookaheadMs</c> from 0 to 500 ms in
/// 1 ms steps: each player note leaves with exactly the velocity <see cref="NoteStyleNet.Predict(ReadOnlySpan{StyleNetNote}, Lookahead, StyleNetStyle, Span{float})"/>
/// gives the same notes at the look-ahead the engine runs, and no velocity is early or faulted.
/// </summary>
public sealed class LookaheadSweepTests
{
    private const int PhraseNotes = 40;
    private static readonly Lazy<NoteStyleNet> s_model = new(() => NoteStyleNet.Load(RepoPaths.InRepo("models", "stylenet-note.json")));

    [Theory]
    [InlineData(false)] // onsets as the performance has them
    [InlineData(true)]  // onsets on whole milliseconds: the engine's 1 ms tick then asks exactly when a look-ahead ends
    public void Every_lookahead_from_0_to_500_ms_gives_the_models_own_velocities(bool wholeMilliseconds)
    {
        var phrase = Phrase(wholeMilliseconds);
        var failures = new List<string>();
        for (var ms = 0; ms <= 500; ms++)
        {
            var (expected, actual, rig) = Play(phrase, ms);
            if (!expected.SequenceEqual(actual) || rig.Metrics.EarlyVelocities != 0 || rig.Metrics.Faults != 0)
            {
                failures.Add($"{ms} ms (stage look-ahead {rig.Processor.VelocityLookahead}): expected {string.Join(",", expected)} got {string.Join(",", actual)}; "
                    + $"early {rig.Metrics.EarlyVelocities}, faults {rig.Metrics.Faults}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} look-ahead settings wrong:\n{string.Join("\n", failures.Take(10))}");
    }

    [Fact]
    public void The_model_shapes_the_phrase_so_a_passed_through_velocity_would_show()
    {
        var (expected, actual, _) = Play(Phrase(false), 60); // a setting the float/double mismatch used to turn into a flat copy
        Assert.True(expected.Distinct().Count() > 5, string.Join(",", expected));
        Assert.True(actual.Count(v => v != Input) > PhraseNotes / 2, string.Join(",", actual));
    }

    [Fact]
    public void A_velocity_the_engine_must_give_before_its_look_ahead_passed_is_the_models_and_counted()
    {
        var options = new EngineOptions();
        options.Humanize.Mode = HumanizeMode.Lookahead;
        options.Continuation.Mode = ContinuationMode.Off;
        var rig = new EngineRig(options, new StyleNetVelocityStage(s_model.Value, StyleNetStyle.Classical));
        rig.NoteOn(10, 60, Input);

        // More controller messages within the look-ahead than the delay ring holds: the overflow lets the note go early.
        for (var i = 0; i < 1100; i++)
        {
            rig.Play(11 + (i / 40.0), 0xB0, 1, (byte)(i % 128));
        }

        rig.NoteOff(70, 60);
        rig.AdvanceTo(400);
        Assert.Equal(1, rig.Metrics.EarlyVelocities);
        Assert.Equal(0, rig.Metrics.Faults);
        var expected = new float[1];
        var alone = new StyleNetNote(0.010, double.PositiveInfinity, 60, false, float.NaN, false);
        s_model.Value.WithPrecision(StyleNetVelocityStage.PrecisionFor(s_model.Value)).Predict([alone], rig.Processor.VelocityLookahead, StyleNetStyle.Classical, expected);
        var on = Assert.Single(rig.Output.Messages, m => m.IsNoteOn);
        Assert.Equal((int)MathF.Round(expected[0]), on.Data2);
        Assert.Empty(NotePairing.Stuck(rig.Output.Messages));
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.057, 57_000_000)]
    [InlineData(0.097, 97_000_000)]
    [InlineData(0.117, 117_000_000)]
    [InlineData(0.125, 125_000_000)]
    public void The_stage_look_ahead_has_always_passed_when_the_engine_has_waited_its_ticks(double seconds, long ticks)
    {
        var lookahead = Lookahead.FromTicks(ticks, 1_000_000_000);
        Assert.True(lookahead.Seconds <= seconds, $"{lookahead.Seconds} > {seconds}");
        Assert.True(seconds - lookahead.Seconds < 1e-7, $"{lookahead.Seconds} far below {seconds}");

        // Onsets late in a long session, where seconds carry the least precision: waited exactly its ticks, a note is due.
        foreach (var start in new long[] { 0, 1_234_567_891, 3_600_000_000_017, 86_400_000_000_123 })
        {
            double Seconds(long t) => t / 1e9;
            Assert.True(lookahead.HasPassed(Seconds(start), Seconds(start + ticks)), $"{start} + {ticks}");
        }
    }

    private const byte Input = 64; // a flat keyboard: a velocity passed through would stay 64

    /// <summary>The first notes of a real performance (onset order), as milliseconds from the phrase's start.</summary>
    private static (double On, double Off, byte Pitch)[] Phrase(bool wholeMilliseconds)
    {
        var path = Path.Combine(RepoPaths.Data, "nasap", "Bach", "Fugue", "bwv_846", "Shi05M.mid");
        Assert.True(File.Exists(path), $"the shared data is missing: {path} (see ../shared/data)");
        var notes = MidiFile.Read(path, ReadingSettings.Lenient).GetNotes().OrderBy(n => n.OnsetSeconds).Take(PhraseNotes).ToList();
        var t0 = notes[0].OnsetSeconds;
        double Ms(double seconds) => wholeMilliseconds ? Math.Round((seconds - t0) * 1000) : (seconds - t0) * 1000;
        return [.. notes.Select(n => (Ms(n.OnsetSeconds) + 10, Math.Max(Ms(n.OnsetSeconds) + 1, Ms(n.OffsetSeconds)) + 10, n.Pitch))];
    }

    /// <summary>Plays the phrase into the engine at <paramref name="lookaheadMs"/>; the model's velocities for it and the engine's.</summary>
    private static (int[] Expected, int[] Actual, EngineRig Rig) Play((double On, double Off, byte Pitch)[] phrase, int lookaheadMs)
    {
        var options = new EngineOptions();
        options.Humanize.Mode = HumanizeMode.Lookahead;
        options.Humanize.LookaheadMs = lookaheadMs;
        options.Continuation.Mode = ContinuationMode.Off;
        var rig = new EngineRig(options, new StyleNetVelocityStage(s_model.Value, StyleNetStyle.Classical));

        // Messages in time order (a release before an onset at the same time), as a keyboard sends them.
        var events = phrase.SelectMany((n, i) => new[] { (Ms: n.On, On: true, Index: i), (Ms: n.Off, On: false, Index: i) })
            .OrderBy(e => e.Ms).ThenBy(e => e.On).ToList();

        // What the engine's clock makes of each time (the processor's session seconds), with releases paired to the oldest
        // held note of the pitch, as the stream pairs them.
        double Seconds(double ms) => (EngineRig.At(ms) - EngineRig.T0) / (double)MidiClock.Frequency;
        var notes = new StyleNetNote[phrase.Length];
        var held = new Dictionary<byte, Queue<int>>();
        foreach (var e in events)
        {
            var pitch = phrase[e.Index].Pitch;
            if (e.On)
            {
                rig.NoteOn(e.Ms, pitch, Input);
                notes[e.Index] = new StyleNetNote(Seconds(e.Ms), double.PositiveInfinity, pitch, false, float.NaN, false);
                (held.TryGetValue(pitch, out var q) ? q : held[pitch] = new Queue<int>()).Enqueue(e.Index);
            }
            else
            {
                rig.NoteOff(e.Ms, pitch);
                if (held.TryGetValue(pitch, out var q) && q.Count > 0)
                {
                    var i = q.Dequeue();
                    notes[i] = notes[i] with { DurationSeconds = Math.Max(0, Seconds(e.Ms) - notes[i].OnsetSeconds) };
                }
            }
        }

        rig.AdvanceTo(phrase.Max(n => n.Off) + lookaheadMs + 50);

        var predicted = new float[notes.Length];
        s_model.Value.WithPrecision(StyleNetVelocityStage.PrecisionFor(s_model.Value)).Predict(notes, rig.Processor.VelocityLookahead, StyleNetStyle.Classical, predicted);
        var actual = rig.Output.Messages.Where(m => m.IsNoteOn && m.Channel == 0).Select(m => (int)m.Data2).ToArray();
        return ([.. predicted.Select(v => (int)MathF.Round(v))], actual, rig);
    }
}
