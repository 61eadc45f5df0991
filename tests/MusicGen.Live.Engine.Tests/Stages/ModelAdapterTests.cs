using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Tests.Stages;

/// <summary>The real models behind the engine's stage interfaces, driven through the engine (virtual clock).</summary>
public sealed class ModelAdapterTests
{
    private static readonly int[] s_pitches = [60, 64, 67, 72, 67, 64, 62, 65, 69, 74];

    [Theory]
    [InlineData(HumanizeMode.Causal, 0.0, false)]
    [InlineData(HumanizeMode.Lookahead, 0.117, false)]
    [InlineData(HumanizeMode.Causal, 0.0, true)]
    [InlineData(HumanizeMode.Lookahead, 0.117, true)]
    public void StyleNet_stage_gives_the_engine_exactly_the_models_velocities(HumanizeMode mode, double lookahead, bool inputDynamics)
    {
        var model = RandomModels.StyleNet();
        var options = new EngineOptions();
        options.Humanize.Mode = mode;
        options.Humanize.LookaheadMs = 120; // minus 3 ms schedule-ahead: the stage looks 117 ms ahead
        options.Continuation.Mode = ContinuationMode.Off;
        var rig = new EngineRig(options, new StyleNetVelocityStage(model, StyleNetStyle.Classical, inputDynamics));
        var onsets = new List<StyleNetNote>();
        for (var i = 0; i < 30; i++)
        {
            var t = (i * 173.0) + (i % 3 * 40);
            var velocity = 40 + (i * 3); // a programmed crescendo: the model sees it only with input dynamics on
            rig.NoteOn(t, s_pitches[i % s_pitches.Length], velocity);
            onsets.Add(new StyleNetNote(t / 1000.0, double.PositiveInfinity, (byte)s_pitches[i % s_pitches.Length], false, float.NaN, false, inputDynamics ? (byte)velocity : (byte)0));
        }

        rig.AdvanceTo(30 * 173.0 + 1000);

        // Reference: the model over the whole sequence, as its own streaming contract promises (durations unknown), at the
        // look-ahead the engine gives the stage (the same float the case names).
        Assert.Equal((float)lookahead, mode == HumanizeMode.Lookahead ? rig.Processor.VelocityLookahead.Seconds : 0f);
        var expected = new float[onsets.Count];
        model.WithPrecision(StyleNetVelocityStage.PrecisionFor(model)).Predict(onsets.ToArray(), (float)lookahead, StyleNetStyle.Classical, expected);
        var actual = rig.Output.Messages.Where(m => m.IsNoteOn).Select(m => (int)m.Data2).ToList();
        Assert.Equal(expected.Select(v => Math.Clamp((int)MathF.Round(v), 1, 127)), actual);
    }

    [Theory]
    [InlineData(HumanizeMode.Causal, float.NaN)]
    [InlineData(HumanizeMode.Lookahead, float.NaN)]
    [InlineData(HumanizeMode.Causal, float.PositiveInfinity)]
    [InlineData(HumanizeMode.Lookahead, float.NegativeInfinity)]
    public void A_model_that_gives_NaN_or_infinity_is_a_fault_not_a_velocity(HumanizeMode mode, float output)
    {
        var options = new EngineOptions();
        options.Humanize.Mode = mode;
        options.Continuation.Mode = ContinuationMode.Off;
        var rig = new EngineRig(options, new StyleNetVelocityStage(RandomModels.StyleNetGiving(output), StyleNetStyle.Classical));
        var end = rig.Phrase(0, 6, 200, 150, s_pitches, velocity: 90);
        rig.AdvanceTo(end + 500);

        // The engine's fault path: counted once, named, a panic sent, and from then on the player's own velocities (thru).
        Assert.Equal(1, rig.Metrics.Faults);
        Assert.Contains("faulted", rig.Processor.VelocityStageName);
        Assert.True(rig.Metrics.Panics >= 1);
        var ons = rig.Output.Messages.Where(m => m.IsNoteOn).ToList();
        Assert.NotEmpty(ons);
        Assert.All(ons, m => Assert.Equal(90, m.Data2)); // never velocity 1 (NaN) or 127 (infinity)
        Assert.Empty(NotePairing.Stuck(rig.Output.Messages));
    }

    [Fact]
    public void PhraseTransformer_answers_after_the_silence_and_stops_when_the_player_resumes()
    {
        var options = new EngineOptions();
        options.Continuation.LengthBars = 4;
        var rig = new EngineRig(options, generator: new PhraseTransformerGenerator(RandomModels.Phrase()));
        rig.Phrase(0, 8, 250, 200, s_pitches);
        rig.AdvanceTo(3500);
        Assert.Contains(rig.Output.Messages, m => m.IsNoteOn && m.Channel == 1);
        rig.NoteOn(3501, 60);
        var resumedAt = rig.Output.Count;
        rig.AdvanceTo(6000);
        Assert.DoesNotContain(rig.Output.Messages.Skip(resumedAt), m => m.IsNoteOn && m.Channel == 1);
        Assert.Empty(NotePairing.Stuck(rig.Output.Messages.Where(m => m.Channel == 1)));
        Assert.Equal(0, rig.Metrics.Faults);
    }

    [Fact]
    public void PhraseTransformer_sampling_in_steady_state_does_not_allocate()
    {
        var options = new EngineOptions();
        options.Continuation.LengthBars = 1;
        var rig = new EngineRig(options, generator: new PhraseTransformerGenerator(RandomModels.Phrase()));
        var t = 0.0;
        long Round()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            t = rig.Phrase(t, 8, 250, 200, s_pitches) + 3500;
            rig.AdvanceTo(t);
            rig.Output.Clear();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Round();
        Round();
        Thread.Sleep(300);
        long[] windows = [Round(), Round(), Round()];
        Assert.True(windows.Min() == 0, $"bytes per phrase and answer: {string.Join(", ", windows)}");
        Assert.True(rig.Metrics.GeneratedNotes > 0);
    }
}
