using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Engine.Tests.Support;

namespace MusicGen.Live.Engine.Tests.Core;

public sealed class EngineProcessorTests
{
    private static readonly int[] s_phrase = [60, 62, 64, 65, 67, 65, 64, 62];

    private static EngineOptions Options(HumanizeMode humanize = HumanizeMode.Causal, ContinuationMode continuation = ContinuationMode.Off)
    {
        var options = new EngineOptions();
        options.Humanize.Mode = humanize;
        options.Continuation.Mode = continuation;
        return options;
    }

    [Fact]
    public void Humanize_off_forwards_the_players_velocity_and_timing()
    {
        var rig = new EngineRig(Options(HumanizeMode.Off), new FixedVelocityStage());
        rig.Phrase(0, 4, 200, 100, s_phrase, velocity: 100);
        var ons = rig.Sent().Where(s => s.Message.IsNoteOn).ToList();
        Assert.Equal(4, ons.Count);
        Assert.All(ons, s => Assert.Equal(100, s.Message.Data2));
        Assert.Equal([0.0, 200, 400, 600], ons.Select(s => s.Ms));
    }

    [Fact]
    public void Causal_humanize_takes_velocities_from_the_stage_without_delay_or_look_ahead()
    {
        var rig = new EngineRig(Options(HumanizeMode.Causal), new FixedVelocityStage());
        rig.Phrase(0, 4, 200, 100, s_phrase, velocity: 100);
        var ons = rig.Sent().Where(s => s.Message.IsNoteOn).ToList();
        Assert.All(ons, s => Assert.Equal(20, s.Message.Data2)); // stage saw no look-ahead note
        Assert.Equal([0.0, 200, 400, 600], ons.Select(s => s.Ms));
        Assert.Equal(0, rig.Processor.AddedDelayMs);
    }

    [Fact]
    public void Lookahead_delays_everything_by_the_fixed_delay_and_shows_the_stage_what_came_meanwhile()
    {
        var options = Options(HumanizeMode.Lookahead);
        options.Humanize.LookaheadMs = 250;
        var rig = new EngineRig(options, new FixedVelocityStage());
        rig.Phrase(0, 4, 100, 50, s_phrase, velocity: 100);
        rig.AdvanceTo(1000);
        var sent = rig.Sent().ToList();
        var ons = sent.Where(s => s.Message.IsNoteOn).ToList();
        Assert.Equal([250.0, 350, 450, 550], ons.Select(s => s.Ms));
        Assert.Equal([300.0, 400, 500, 600], sent.Where(s => s.Message.IsNoteOff).Select(s => s.Ms));

        // Within 250 ms of the first note, two more arrived (at 100 and 200): look-ahead of 2; the last saw none.
        Assert.Equal(22, ons[0].Message.Data2);
        Assert.Equal(20, ons[^1].Message.Data2);
        Assert.Equal(250, rig.Processor.AddedDelayMs);
    }

    [Fact]
    public void Humanize_amount_blends_input_and_stage_velocity()
    {
        var options = Options(HumanizeMode.Causal);
        options.Humanize.Amount = 0.5;
        var rig = new EngineRig(options, new FixedVelocityStage());
        rig.NoteOn(0, 60, 100);
        Assert.Equal(60, rig.Sent().Single().Message.Data2); // (100 + 20) / 2
    }

    [Fact]
    public void Call_and_response_starts_on_the_players_beat_after_the_silence_and_ends_within_its_length()
    {
        var options = Options(continuation: ContinuationMode.CallAndResponse);
        options.Continuation.LengthBars = 1;
        var rig = new EngineRig(options);
        rig.Phrase(0, 8, 250, 200, s_phrase); // last onset at 1750 ms, eighths at 120 bpm → beat 500 ms
        rig.AdvanceTo(6000);

        var generated = rig.Sent().Where(s => s.Message.Channel == 1).ToList();
        var first = generated.First(s => s.Message.IsNoteOn);

        // Silence threshold 3 × 250 = 750 ms → trigger at 2500; the next beat of the grid from 1750 is 2750.
        Assert.Equal(2750, first.Ms, 1.0);
        Assert.All(generated, s => Assert.InRange(s.Ms, 2750, 2750 + 2000 + 1));
        Assert.Equal(1, rig.Metrics.Continuations);
        Assert.Empty(NotePairing.Stuck(rig.Output.Messages));
    }

    [Fact]
    public void The_player_playing_again_stops_the_answer_at_once_and_ends_its_notes()
    {
        var options = Options(continuation: ContinuationMode.CallAndResponse);
        options.Continuation.LengthBars = 8;
        var rig = new EngineRig(options);
        rig.Phrase(0, 8, 250, 200, s_phrase);
        rig.AdvanceTo(3300); // answer running since 2750
        Assert.True(rig.Processor.Generating);
        var before = rig.Output.Count;

        rig.NoteOn(3301, 72);
        var afterResume = rig.Output.Messages.Skip(before).ToList();
        Assert.False(rig.Processor.Generating);

        // Everything sent from the resume on: the generated notes' offs, then the player's note; no new generated on.
        Assert.DoesNotContain(afterResume, m => m.IsNoteOn && m.Channel == 1);
        Assert.Contains(afterResume, m => m.IsNoteOn && m.Channel == 0 && m.Data1 == 72);
        Assert.Empty(NotePairing.Stuck(rig.Output.Messages.Where(m => m.Channel == 1)));
        rig.AdvanceTo(5000);
        Assert.DoesNotContain(rig.Output.Messages.Skip(before), m => m.IsNoteOn && m.Channel == 1);
    }

    [Fact]
    public void A_trigger_controller_starts_an_answer_at_once_and_is_not_forwarded()
    {
        var rig = new EngineRig(Options(continuation: ContinuationMode.CallAndResponse));
        rig.Phrase(0, 4, 250, 200, s_phrase);
        rig.NoteOn(1000, 60);
        rig.Play(1100, 0xB0, 80, 127);     // trigger CC while a key is still held
        rig.AdvanceTo(1700);
        Assert.True(rig.Metrics.Continuations == 1);
        Assert.DoesNotContain(rig.Output.Messages, m => m.Command == 0xB0 && m.Data1 == 80);
        Assert.Contains(rig.Output.Messages, m => m.IsNoteOn && m.Channel == 1);
    }

    [Fact]
    public void Accompaniment_stays_below_the_players_lowest_recent_note_within_its_polyphony()
    {
        var options = Options(continuation: ContinuationMode.Accompaniment);
        options.Accompaniment.Polyphony = 2;
        var rig = new EngineRig(options);
        var pitches = new[] { 67, 71, 74, 72 };
        rig.Phrase(0, 24, 250, 200, pitches);
        rig.AdvanceTo(12000); // one silent bar stops it; its last notes end on their own
        var accompaniment = rig.Output.Messages.Where(m => m.Channel == 2).ToList();
        Assert.Contains(accompaniment, m => m.IsNoteOn);
        Assert.All(accompaniment.Where(m => m.IsNoteOn), m => Assert.InRange(m.Data1, 67 - 1 - 19, 66));

        var sounding = 0;
        foreach (var m in accompaniment)
        {
            sounding += m.IsNoteOn ? 1 : m.IsNoteOff ? -1 : 0;
            Assert.InRange(sounding, 0, 2);
        }

        Assert.Empty(NotePairing.Stuck(rig.Output.Messages));
    }

    [Fact]
    public void Control_changes_switch_modes_and_sampling_and_are_consumed()
    {
        var rig = new EngineRig(Options(HumanizeMode.Causal, ContinuationMode.CallAndResponse));
        rig.Play(0, 0xB0, 20, 127);  // continuation → accompaniment
        rig.Play(1, 0xB0, 21, 0);    // humanize → off
        rig.Play(2, 0xB0, 25, 127);  // pitch temperature → 2
        rig.Play(3, 0xB0, 30, 0);    // velocity top-p → 0.05
        rig.Play(4, 0xB0, 64, 127);  // sustain pedal: not a control, forwarded
        Assert.Equal(ContinuationMode.Accompaniment, rig.Processor.ContinuationMode);
        Assert.Equal(HumanizeMode.Off, rig.Processor.HumanizeMode);
        Assert.Equal(2f, rig.Processor.Sampling.Pitch.Temperature, 3);
        Assert.Equal(0.05f, rig.Processor.Sampling.Velocity.TopP, 3);
        var forwarded = Assert.Single(rig.Output.Messages);
        Assert.Equal(64, forwarded.Data1);
    }

    [Fact]
    public void Panic_controller_ends_every_sounding_note()
    {
        var rig = new EngineRig(Options());
        rig.NoteOn(0, 60);
        rig.NoteOn(1, 64);
        rig.Play(2, 0xB0, 119, 127);
        Assert.Equal(0, rig.Scheduler.SoundingCount);
        Assert.Empty(NotePairing.Stuck(rig.Output.Messages));
        Assert.Equal(1, rig.Metrics.Panics);
    }

    [Fact]
    public void A_generator_fault_mid_answer_ends_its_notes_and_switches_generation_off()
    {
        var options = Options(continuation: ContinuationMode.CallAndResponse);
        var rig = new EngineRig(options, generator: new ThrowingGenerator(notesBeforeFault: 3));
        rig.Phrase(0, 8, 250, 200, s_phrase);
        rig.AdvanceTo(6000);
        Assert.Equal(1, rig.Metrics.Faults);
        Assert.Contains("faulted", rig.Processor.GeneratorName);
        Assert.Equal(0, rig.Scheduler.SoundingCount);
        Assert.Empty(NotePairing.Stuck(rig.Output.Messages));
    }

    [Fact]
    public void A_velocity_stage_fault_falls_back_to_the_input_velocity()
    {
        var stage = new FixedVelocityStage();
        var rig = new EngineRig(Options(HumanizeMode.Causal), stage);
        rig.NoteOn(0, 60, 90);
        stage.Throw = true;
        rig.NoteOn(100, 62, 90);
        stage.Throw = false;
        rig.NoteOn(200, 64, 90);
        var ons = rig.Output.Messages.Where(m => m.IsNoteOn).Select(m => (int)m.Data2).ToList();
        Assert.Equal([20, 90, 90], ons);
        Assert.Equal(1, rig.Metrics.Faults);
    }

    [Fact]
    public void Leaving_lookahead_as_a_note_is_handed_over_keeps_its_note_off_after_its_note_on()
    {
        var options = Options(HumanizeMode.Lookahead);
        options.Humanize.LookaheadMs = 250;
        var rig = new EngineRig(options, new FixedVelocityStage());
        rig.NoteOn(0, 60);
        rig.AdvanceTo(248);          // handed to the scheduler (due at 250), not sent yet
        rig.Play(248, 0xB0, 21, 0);  // humanize → off
        rig.NoteOff(249, 60);        // no delay any more, but it must not overtake its note-on
        rig.AdvanceTo(400);
        var sent = rig.Sent().Where(s => s.Message.Data1 == 60).ToList();
        Assert.Equal(2, sent.Count);
        Assert.True(sent[0].Message.IsNoteOn);
        Assert.True(sent[1].Message.IsNoteOff);
        Assert.InRange(sent[1].Ms, 250, 252);
        Assert.Equal(0, rig.Scheduler.SoundingCount);
    }

    [Fact]
    public void Player_messages_keep_their_order_across_a_switch_out_of_lookahead()
    {
        var options = Options(HumanizeMode.Lookahead);
        options.Humanize.LookaheadMs = 200;
        var rig = new EngineRig(options, new FixedVelocityStage());
        rig.NoteOn(0, 60);
        rig.NoteOn(50, 62);
        rig.Play(100, 0xB0, 21, 50); // humanize → causal, with two notes still delayed
        rig.NoteOn(110, 64);
        rig.Play(120, 0xB0, 64, 127); // pedal
        rig.AdvanceTo(600);
        Assert.Equal([60, 62, 64, 64], rig.Output.Messages.Select(m => (int)m.Data1));
        Assert.Equal([200.0, 250, 250, 250], rig.Sent().Select(s => Math.Round(s.Ms)));
    }

    [Fact]
    public void A_note_released_as_it_is_struck_ends_in_every_humanize_mode()
    {
        foreach (var mode in Enum.GetValues<HumanizeMode>())
        {
            var options = Options(mode);
            options.Humanize.LookaheadMs = 100;
            var rig = new EngineRig(options, new FixedVelocityStage());
            rig.NoteOn(10, 60);
            rig.NoteOff(10, 60); // same arrival time: the scheduler's tie rule (note-offs first) must not apply to it
            rig.AdvanceTo(300);
            Assert.Equal(0, rig.Scheduler.SoundingCount);
            Assert.Empty(NotePairing.Stuck(rig.Output.Messages));
            Assert.Equal(2, rig.Output.Count);
        }
    }

    [Fact]
    public void A_generator_giving_NaN_is_a_named_fault_and_continuation_goes_off()
    {
        var options = Options(continuation: ContinuationMode.CallAndResponse);
        var rig = new EngineRig(options, generator: new NaNGenerator());
        rig.Phrase(0, 8, 250, 200, s_phrase);
        rig.AdvanceTo(6000);
        Assert.Equal(1, rig.Metrics.Faults);
        Assert.Contains("NaN", rig.Metrics.LastFault);
        Assert.StartsWith("engine thread: generator nan", rig.Metrics.LastFault);
        Assert.Equal("off (nan faulted)", rig.Processor.GeneratorName);
        Assert.Equal(0, rig.Scheduler.SoundingCount);
        Assert.DoesNotContain(rig.Output.Messages, m => m.Channel == 1 && m.IsNoteOn);
    }

    [Fact]
    public void A_velocity_out_of_range_is_a_named_fault_and_the_input_velocity_passes()
    {
        var rig = new EngineRig(Options(HumanizeMode.Causal), new NaNVelocityStage());
        rig.NoteOn(0, 60, 90);
        rig.NoteOn(10, 62, 91);
        Assert.Equal([90, 91], rig.Output.Messages.Where(m => m.IsNoteOn).Select(m => (int)m.Data2));
        Assert.Equal(1, rig.Metrics.Faults);
        Assert.Equal("engine thread: velocity stage nan stage gave velocity 0 (outside 1–127)", rig.Metrics.LastFault);
        Assert.Equal("input velocity (nan stage faulted)", rig.Processor.VelocityStageName);
    }

    private sealed class NaNGenerator : IPhraseGenerator
    {
        public string Name => "nan";

        public void Reset()
        {
        }

        public void Observe(in PhraseEvent e)
        {
        }

        public void ObserveProvisional(in PhraseEvent e)
        {
        }

        public void BeginContinuation()
        {
        }

        public GeneratedNote SampleNext(in SamplingSettings settings) => new(double.NaN, 60, 0.2, 80);
    }

    /// <summary>A stage whose model gives NaN, which becomes 0 on its way to a byte.</summary>
    private sealed class NaNVelocityStage : IVelocityStage
    {
        private int _pending;

        public string Name => "nan stage";

        public Lookahead Lookahead { get; set; }

        public long Early => 0;

        public void Reset() => _pending = 0;

        public void Push(in NoteOnset note) => _pending++;

        public void NoteOff(int pitch, double seconds)
        {
        }

        public bool TryTake(double nowSeconds, bool force, out byte velocity)
        {
            velocity = (byte)Math.Round(double.NaN);
            if (_pending == 0)
            {
                return false;
            }

            _pending--;
            return true;
        }
    }
}
