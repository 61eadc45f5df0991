using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Continuation;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Tests.Continuation;

/// <summary>The continuation controller through the engine (virtual clock): what the model hears, when it answers, how answers end.</summary>
public sealed class ContinuationControllerTests
{
    private static readonly int[] s_pitches = [60, 64, 67, 72, 67, 64, 62, 65, 69, 74];
    private static readonly int[] s_other = [57, 60, 64, 62, 59];

    private static EngineOptions Options(double lengthBars = 4)
    {
        var options = new EngineOptions();
        options.Humanize.Mode = HumanizeMode.Off;
        options.Continuation.LengthBars = lengthBars;
        return options;
    }

    [Fact]
    public void After_a_cancelled_answer_the_next_answer_has_the_logits_of_a_fresh_model_fed_only_what_was_played()
    {
        // The engine's bf16 decode, a window wider than this session (beyond a window a rollback forgets the oldest events).
        var model = PhraseTransformerGenerator.ForEngine(PhraseTransformerModel.Random(
            new Random(21),
            new PhraseTransformerConfig { Layers = 2, ModelDim = 32, Heads = 2, MlpDim = 64, Window = 256 }));
        var decoder = new RecordingDecoder(new NativePhraseDecoder(model));
        EngineRig? rig = null;
        var recorder = new RecordingGenerator(new PhraseTransformerGenerator(new PhraseGenerator(decoder, seed: 5)), () => rig!.NowMs);
        rig = new EngineRig(Options(), generator: recorder);

        rig.Phrase(0, 8, 250, 200, s_pitches);
        rig.AdvanceTo(3500); // the answer plays, decoded ahead of the clock
        var stepsInFirstAnswer = decoder.ShiftLogits.Count;
        var soundedBefore = rig.Sent().Where(s => s.Message.IsNoteOn && s.Message.Channel == 1 && s.Ms < 3501).ToList();
        Assert.NotEmpty(soundedBefore);
        Assert.True(stepsInFirstAnswer > soundedBefore.Count, "the first answer decoded notes ahead that never sounded");

        var end = rig.Phrase(3501, 5, 250, 200, s_other); // the player cuts the answer
        Assert.Equal(1, rig.Metrics.ContinuationsEnded(ContinuationEnd.PlayerPlayed));
        var before = decoder.ShiftLogits.Count;
        rig.AdvanceTo(end + 3000);
        Assert.Equal(2, recorder.Begun);
        Assert.True(decoder.ShiftLogits.Count > before, "the second answer sampled");

        // What the model heard: the player's notes, and of the first answer exactly the notes that sounded, at their times.
        var committed = recorder.Observed.Take(recorder.ObservedAtBegin[1]).ToList();
        var onsets = PhraseMidi.Onsets(committed.ToArray());
        Assert.Equal(8 + 5 + soundedBefore.Count, committed.Count);
        var heard = committed.Select((e, i) => (e.Pitch, Ms: onsets[i] * 1000)).Skip(8).Take(soundedBefore.Count).ToList();
        var sent = soundedBefore.Select(s => ((int)s.Message.Data1, s.Ms)).OrderBy(x => x.Ms).ThenBy(x => x.Item1).ToList();
        Assert.Equal(sent.Select(x => x.Item1), heard.Select(x => x.Pitch));
        Assert.All(heard.Zip(sent), p => Assert.InRange(p.First.Ms, p.Second.Ms - 1, p.Second.Ms + 0.001)); // sent on the 1 ms tick after its due time
        Assert.All(committed.Skip(8 + soundedBefore.Count), e => Assert.Contains(e.Pitch, s_other));

        // A fresh model fed only that (and the second answer's provisional events, none: every key was up) predicts the same.
        var fresh = new PhraseGenerator(new NativePhraseDecoder(model));
        foreach (var e in committed.Concat(recorder.Provisional))
        {
            fresh.Observe(e);
        }

        var expected = new float[fresh.Encoding.Shift.Count];
        fresh.Decoder.BeginFields();
        fresh.Decoder.FieldLogits(PhraseField.Shift, expected);
        var (position, actual) = decoder.ShiftLogits[before];
        Assert.Equal(fresh.Position, position);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f, $"shift logit {i}: fresh {expected[i]}, live {actual[i]}");
        }
    }

    [Fact]
    public void A_key_struck_twice_and_released_once_counts_as_up_and_the_answer_comes()
    {
        var rig = new EngineRig(Options(lengthBars: 1));
        rig.NoteOn(0, 60);
        rig.NoteOn(150, 60); // re-struck without a note-off (a sequencer or a transcription)
        rig.NoteOff(300, 60); // one note-off
        rig.Phrase(400, 3, 250, 200, [64, 67, 72]);
        rig.AdvanceTo(4000);
        Assert.Equal(1, rig.Metrics.Continuations);
        Assert.Contains(rig.Output.Messages, m => m.IsNoteOn && m.Channel == 1);
        Assert.Equal(0, rig.Processor.Continuation.Context.KeysDown);
        Assert.Equal(0, rig.Processor.Continuation.Context.Waiting); // the lingering note was closed and committed
    }

    [Theory]
    [InlineData(123)]
    [InlineData(120)]
    public void All_notes_off_lifts_every_held_key_and_the_answer_comes(int controller)
    {
        var rig = new EngineRig(Options(lengthBars: 1));
        rig.NoteOn(0, 60);
        rig.NoteOn(250, 64);
        rig.NoteOn(500, 67); // never released
        rig.Play(700, 0xB0, (byte)controller, 0);
        rig.AdvanceTo(4000);
        Assert.Equal(0, rig.Processor.Continuation.Context.KeysDown);
        Assert.Equal(1, rig.Metrics.Continuations);
        Assert.Contains(rig.Output.Messages, m => m.IsNoteOn && m.Channel == 1);
    }

    [Fact]
    public void A_trigger_before_anything_was_played_plays_nothing_and_says_why()
    {
        var rig = new EngineRig(Options(), generator: new PhraseTransformerGenerator(RandomModels.Phrase()));
        rig.Play(100, 0xB0, (byte)rig.Options.Continuation.TriggerController, 127);
        rig.AdvanceTo(3000);
        Assert.DoesNotContain(rig.Output.Messages, m => m.IsNoteOn);
        Assert.Equal(1, rig.Metrics.ContinuationsEnded(ContinuationEnd.NoContext));
        Assert.Equal("PhraseTransformer", rig.Processor.GeneratorName);
        Assert.Contains("not started (nothing played yet)", rig.Metrics.ContinuationSummary());
    }

    [Fact]
    public void A_trigger_while_keys_are_held_feeds_them_with_their_duration_so_far()
    {
        EngineRig? rig = null;
        var recorder = new RecordingGenerator(new RecentPhraseEcho(), () => rig!.NowMs);
        rig = new EngineRig(Options(), generator: recorder);
        rig.NoteOn(0, 48);      // held through the trigger
        rig.Phrase(100, 3, 250, 200, [60, 64, 67]);
        rig.Play(1000, 0xB0, (byte)rig.Options.Continuation.TriggerController, 127);
        Assert.Empty(recorder.Observed); // the held bass note is first in onset order: nothing after it is complete in order
        Assert.Equal([48, 60, 64, 67], recorder.Provisional.Select(e => e.Pitch));
        Assert.Equal(1.0, recorder.Provisional[0].Duration, 3); // held for 1 s so far
        Assert.Equal(0.2, recorder.Provisional[1].Duration, 3);
        Assert.Equal(0.1, recorder.Provisional[1].TimeShift, 3);
    }

    [Fact]
    public void A_generator_that_decodes_no_notes_ends_the_answer_counted_as_silent()
    {
        var rig = new EngineRig(Options(), generator: new RecordingGenerator()); // rests only
        rig.Phrase(0, 6, 250, 200, s_pitches);
        rig.AdvanceTo(4000);
        Assert.DoesNotContain(rig.Output.Messages, m => m.IsNoteOn && m.Channel == 1);
        Assert.Equal(1, rig.Metrics.ContinuationsEnded(ContinuationEnd.NoNotes));
        Assert.Equal(1, rig.Metrics.SilentContinuations(ContinuationEnd.NoNotes));
        Assert.Equal("no_notes:1/1", rig.Metrics.ContinuationEndsCompact());
    }

    [Fact]
    public void The_answer_starts_within_a_beat_of_the_silence_and_plays_its_length()
    {
        var options = Options();
        options.Continuation.LengthSeconds = 2;
        var rig = new EngineRig(options);
        var end = rig.Phrase(0, 8, 250, 200, s_pitches); // last onset at 1750 ms, beat 250 ms
        rig.AdvanceTo(end + 5000);
        var generated = rig.Sent().Where(s => s.Message.Channel == 1).ToList();
        var silenceAt = 1750 + Math.Max(options.Continuation.SilenceFloorMs, 3 * 250);
        var first = generated.First(s => s.Message.IsNoteOn).Ms;
        Assert.InRange(first, silenceAt, silenceAt + 250 + options.Continuation.StartLeadMs + 1);
        Assert.Equal(1, rig.Metrics.ContinuationsEnded(ContinuationEnd.Completed));
        Assert.InRange(generated.Max(s => s.Ms), first + 1500, first + 2000 + 1); // to its end, not past it
    }

    [Fact]
    public void An_echo_of_one_chord_ends_its_answer_and_leaves_nothing_sounding()
    {
        // The echo placeholder answers a chord with the same chord again and again at one instant: its notes are
        // already sounding (skipped), and the answer's clock must still move on to its end (bench fuzz found it stuck).
        var options = Options();
        options.Continuation.LengthSeconds = 1;
        var rig = new EngineRig(options, generator: new RecentPhraseEcho());
        foreach (var pitch in new[] { 60, 64, 67 })
        {
            rig.NoteOn(0, pitch);
        }

        foreach (var pitch in new[] { 60, 64, 67 })
        {
            rig.NoteOff(400, pitch);
        }

        for (var ms = 500.0; ms <= 8000; ms += 100)
        {
            rig.AdvanceTo(ms);
            Assert.True(ms < 4000 || !rig.Processor.Generating, $"still generating at {ms} ms");
        }

        Assert.Equal(1, rig.Metrics.ContinuationsEnded(ContinuationEnd.Completed));
        Assert.Contains(rig.Output.Messages, m => m.IsNoteOn && m.Channel == 1);
        Assert.Empty(NotePairing.Stuck(rig.Output.Messages));
    }

    [Fact]
    public void A_generator_stuck_at_one_instant_is_spread_out_and_its_answer_ends()
    {
        var options = Options();
        options.Continuation.LengthSeconds = 2;
        var rig = new EngineRig(options, generator: new StuckChordGenerator());
        rig.Phrase(0, 6, 250, 200, s_pitches);
        rig.AdvanceTo(10_000);

        Assert.False(rig.Processor.Generating);
        Assert.Equal(1, rig.Metrics.ContinuationsEnded(ContinuationEnd.Completed));
        var onsets = rig.Sent().Where(s => s.Message.IsNoteOn && s.Message.Channel == 1).Select(s => s.Ms).ToList();
        Assert.True(onsets.Count >= 2, $"{onsets.Count} notes");
        Assert.True(onsets.GroupBy(t => t).Max(g => g.Count()) <= 10, "more than 10 notes at one instant");
        Assert.Empty(NotePairing.Stuck(rig.Output.Messages));
    }

    /// <summary>A generator that never moves on: every note a new pitch at time shift 0.</summary>
    private sealed class StuckChordGenerator : IPhraseGenerator
    {
        private int _next;

        public string Name => "stuck chord";

        public void Reset() => _next = 0;

        public void Observe(in PhraseEvent e)
        {
        }

        public void ObserveProvisional(in PhraseEvent e)
        {
        }

        public void BeginContinuation()
        {
        }

        public GeneratedNote SampleNext(in SamplingSettings settings) => new(0, (byte)(36 + (_next++ % 48)), 0.2, 80);
    }
}
