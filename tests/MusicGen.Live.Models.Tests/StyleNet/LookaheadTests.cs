using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Tests.StyleNet;

/// <summary>The one look-ahead type: its clamp, its window comparison, and the look-ahead a waited number of clock ticks covers.</summary>
public sealed class LookaheadTests
{
    [Theory]
    [InlineData(float.NaN, 0f)]
    [InlineData(float.PositiveInfinity, 0f)]
    [InlineData(-0.1f, 0f)]
    [InlineData(0.25f, 0.25f)]
    [InlineData(5f, NoteFeatures.MaxLookaheadSeconds)]
    public void From_seconds_is_finite_and_within_what_the_model_was_trained_for(float seconds, float expected) =>
        Assert.Equal(expected, Lookahead.FromSeconds(seconds).Seconds);

    [Fact]
    public void A_time_is_in_the_window_strictly_before_onset_plus_look_ahead_and_the_look_ahead_has_passed_from_there()
    {
        var la = Lookahead.FromSeconds(0.5f);
        Assert.True(la.Contains(1.0, 1.49));
        Assert.False(la.Contains(1.0, 1.5));
        Assert.False(la.HasPassed(1.0, 1.49));
        Assert.True(la.HasPassed(1.0, 1.5));
        Assert.True(Lookahead.Causal.HasPassed(1.0, 1.0));
        Assert.False(Lookahead.Causal.Contains(1.0, 1.0));
    }

    [Theory]
    [InlineData(0L, 0f)]
    [InlineData(1L, 0f)]
    [InlineData(117_000_000L, 0.117f)]
    [InlineData(2_500_000_000L, NoteFeatures.MaxLookaheadSeconds)]
    public void From_ticks_keeps_a_tick_in_hand_and_rounds_down_to_the_models_float(long ticks, float near)
    {
        var la = Lookahead.FromTicks(ticks, 1_000_000_000);
        Assert.True(la.Seconds <= Math.Max(0, (ticks - 1) / 1e9), $"{la.Seconds}");
        Assert.True(Math.Abs(la.Seconds - near) < 1e-6, $"{la.Seconds}");
    }
}
