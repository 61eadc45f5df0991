using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Tests.Core;

/// <summary>The engine and scheduler steps allocate nothing in steady state (each mode, placeholder stages).</summary>
public sealed class ZeroAllocationTests
{
    [Theory]
    [InlineData(HumanizeMode.Off, ContinuationMode.Off)]
    [InlineData(HumanizeMode.Causal, ContinuationMode.CallAndResponse)]
    [InlineData(HumanizeMode.Lookahead, ContinuationMode.CallAndResponse)]
    [InlineData(HumanizeMode.Causal, ContinuationMode.Accompaniment)]
    public void Steady_state_steps_do_not_allocate(HumanizeMode humanize, ContinuationMode continuation)
    {
        var options = new EngineOptions();
        options.Humanize.Mode = humanize;
        options.Continuation.Mode = continuation;
        var rig = new EngineRig(options);
        int[] pitches = [60, 64, 67, 72, 71, 67];

        var t = 0.0;
        long Round()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < 3; round++)
            {
                t = rig.Phrase(t, 12, 250, 200, pitches) + 3000;
                rig.AdvanceTo(t);
                rig.Output.Clear();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // Warm up (phrases with pauses so answers start and stop), give tiered JIT its call-counting delay, warm again.
        Round();
        Thread.Sleep(300);
        Round();

        // One-off runtime work (a tier-up landing) shows in one window; a steady-state allocation shows in every window.
        long[] windows = [Round(), Round(), Round()];
        Assert.True(windows.Min() == 0, $"bytes allocated per window of 3 phrases: {string.Join(", ", windows)}");
        Assert.True(rig.Metrics.NotesOut > 0);
    }

    [Fact]
    public void Switching_humanize_mode_live_with_the_StyleNet_stage_does_not_allocate()
    {
        var options = new EngineOptions();
        options.Humanize.Mode = HumanizeMode.Lookahead;
        options.Continuation.Mode = ContinuationMode.Off;
        var rig = new EngineRig(options, new StyleNetVelocityStage(RandomModels.StyleNet(), StyleNetStyle.Classical));
        int[] pitches = [60, 64, 67, 72, 71, 67];
        var mode = options.Controls.HumanizeMode;

        var t = 0.0;
        long Round()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < 3; round++)
            {
                // Each switch comes with notes still pending in the stage: its stream restarts from the oldest of them.
                t = rig.Phrase(t, 12, 50, 40, pitches);
                rig.Play(t, 0xB0, (byte)mode, 50); // causal
                t = rig.Phrase(t + 1, 12, 50, 40, pitches);
                rig.Play(t, 0xB0, (byte)mode, 127); // look-ahead
                t += 1000;
                rig.AdvanceTo(t);
                rig.Output.Clear();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Round();
        Thread.Sleep(300);
        Round();
        long[] windows = [Round(), Round(), Round()];
        Assert.True(windows.Min() == 0, $"bytes allocated per window of 3 switching phrases: {string.Join(", ", windows)}");
        Assert.Equal(0, rig.Metrics.Faults);
        Assert.True(rig.Metrics.NotesOut > 0);
    }
}
