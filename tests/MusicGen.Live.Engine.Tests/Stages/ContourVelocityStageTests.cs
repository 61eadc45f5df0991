using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Tests.Stages;

/// <summary>The contour-rules placeholder in the streamer's shape: its look-ahead rule reads only notes pushed by the take.</summary>
public sealed class ContourVelocityStageTests
{
    [Fact]
    public void A_chord_note_is_softened_only_when_its_partner_arrived_within_the_look_ahead()
    {
        byte Take(Lookahead lookahead, bool partnerFirst)
        {
            var stage = new ContourVelocityStage { Lookahead = lookahead };
            stage.Push(new NoteOnset(1.0, 0, 64, 80, false));
            if (partnerFirst)
            {
                stage.Push(new NoteOnset(1.01, 0, 67, 80, false));
            }

            Assert.True(stage.TryTake(1.2, force: false, out var velocity));
            return velocity;
        }

        var single = Take(Lookahead.FromSeconds(0.1f), partnerFirst: false);
        Assert.Equal(single - 8, Take(Lookahead.FromSeconds(0.1f), partnerFirst: true));
    }

    [Fact]
    public void Takes_wait_for_the_look_ahead_and_a_forced_one_is_counted_early()
    {
        var stage = new ContourVelocityStage { Lookahead = Lookahead.FromSeconds(0.2f) };
        stage.Push(new NoteOnset(1.0, 0, 60, 80, false));
        stage.Push(new NoteOnset(1.1, 0, 62, 80, false));
        Assert.False(stage.TryTake(1.1, force: false, out _));
        Assert.True(stage.TryTake(1.1, force: true, out _));
        Assert.Equal(1, stage.Early);
        Assert.True(stage.TryTake(1.4, force: false, out _));
        Assert.False(stage.TryTake(9.0, force: true, out _));
        Assert.Equal(1, stage.Early);
    }
}
