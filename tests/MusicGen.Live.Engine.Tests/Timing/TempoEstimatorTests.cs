using MusicGen.Live.Engine.Timing;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Tests.Timing;

public sealed class TempoEstimatorTests
{
    private static long Ms(double ms) => MidiClock.FromMilliseconds(10_000 + ms);

    [Fact]
    public void Beat_is_the_median_interval_folded_into_a_playable_range_ignoring_chords_and_gaps()
    {
        var tempo = new TempoEstimator();
        double[] onsets = [0, 250, 260, 500, 750, 1000, 1250, 5000, 5250, 5500]; // a chord tone, a long gap
        foreach (var t in onsets)
        {
            tempo.Onset(Ms(t));
        }

        // Intervals kept: 250 ×6 (the 10 ms chord and the 3.75 s gap are left out; 240 once) → median 250 → beat 500.
        Assert.Equal(250, MidiClock.ToMilliseconds(tempo.MedianInterval(0)), 0);
        Assert.Equal(500, MidiClock.ToMilliseconds(tempo.BeatTicks(Ms(5600))), 0);
        Assert.Equal(750, MidiClock.ToMilliseconds(tempo.SilenceThreshold(3, MidiClock.FromMilliseconds(600))), 0);
        Assert.Equal(2000, MidiClock.ToMilliseconds(tempo.SilenceThreshold(3, MidiClock.FromMilliseconds(2000))), 0);
    }

    [Fact]
    public void Next_beat_continues_the_players_grid()
    {
        var tempo = new TempoEstimator();
        for (var i = 0; i < 6; i++)
        {
            tempo.Onset(Ms(i * 400));
        }

        // Last onset 2000, beat 400: the first beat at or after 2710 is 2800.
        Assert.Equal(Ms(2800), tempo.NextBeat(Ms(2710), tempo.BeatTicks(Ms(2710))));
    }

    [Fact]
    public void Midi_clock_sets_the_beat_while_it_runs()
    {
        var tempo = new TempoEstimator();
        for (var i = 0; i < 48; i++)
        {
            tempo.Clock(Ms(i * 20.0)); // 24 per quarter every 20 ms → 480 ms beat (125 bpm)
        }

        Assert.Equal(480, MidiClock.ToMilliseconds(tempo.BeatTicks(Ms(950))), 0);
        Assert.False(tempo.ClockRunning(Ms(3000)));
    }

    [Fact]
    public void A_burst_of_clock_bytes_at_one_time_does_not_shrink_the_beat_to_nothing()
    {
        var tempo = Player();
        tempo.Clock(Ms(800));
        for (var i = 0; i < 300; i++)
        {
            tempo.Clock(Ms(801)); // one delivery full of clock bytes: intervals of 0 after one of 1 ms
        }

        Assert.True(tempo.ClockRunning(Ms(810)));
        Assert.Equal(500, MidiClock.ToMilliseconds(tempo.BeatTicks(Ms(810))), 0);
    }

    [Fact]
    public void A_clock_slower_than_30_bpm_is_ignored_for_the_players_pulse()
    {
        var tempo = Player();
        tempo.Clock(Ms(800));
        tempo.Clock(Ms(1700)); // one clock every 0.9 s: a 21.6 s beat

        Assert.True(tempo.ClockRunning(Ms(1710)));
        Assert.Equal(500, MidiClock.ToMilliseconds(tempo.BeatTicks(Ms(1710))), 0);
    }

    /// <summary>A player 250 ms apart: a 500 ms beat once folded.</summary>
    private static TempoEstimator Player()
    {
        var tempo = new TempoEstimator();
        for (var i = 0; i < 4; i++)
        {
            tempo.Onset(Ms(i * 250.0));
        }

        return tempo;
    }
}
