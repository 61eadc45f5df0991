using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Continuation;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Tests.Continuation;

/// <summary>The accompaniment's register (below the player's recent notes) and its voices.</summary>
public sealed class AccompanimentVoicingTests
{
    private static readonly long Second = MidiClock.FromMilliseconds(1000);

    [Fact]
    public void The_register_sits_below_the_players_lowest_recent_note()
    {
        var voicing = new AccompanimentVoicing(new AccompanimentOptions { BelowSemitones = 1, RegisterSpan = 19, RecentSeconds = 4 });
        voicing.PlayerNote(0, 64);
        voicing.PlayerNote(Second, 55);
        voicing.PlayerNote(2 * Second, 72);

        voicing.Update(3 * Second);

        Assert.Equal(54, voicing.Top);
        Assert.Equal(35, voicing.Bottom);
        Assert.True(voicing.HasRoom);
    }

    [Fact]
    public void Notes_older_than_the_window_no_longer_set_the_register_but_silence_keeps_it()
    {
        var voicing = new AccompanimentVoicing(new AccompanimentOptions { BelowSemitones = 2, RecentSeconds = 4 });
        voicing.PlayerNote(0, 48);
        voicing.PlayerNote(3 * Second, 67);

        voicing.Update(6 * Second); // the 48 is 6 s old
        Assert.Equal(65, voicing.Top);

        voicing.Update(60 * Second); // nothing recent: the last register stays
        Assert.Equal(65, voicing.Top);
    }

    [Theory]
    [InlineData(84, 48)]
    [InlineData(60, 48)]
    [InlineData(20, 44)]
    [InlineData(53, 53)]
    public void Fold_moves_a_pitch_by_octaves_into_the_register(int pitch, int expected)
    {
        var voicing = new AccompanimentVoicing(new AccompanimentOptions { BelowSemitones = 1, RegisterSpan = 12 });
        voicing.PlayerNote(0, 55);
        voicing.Update(0); // register 42..54

        var folded = voicing.Fold(pitch);

        Assert.Equal(expected, folded);
        Assert.InRange(folded, voicing.Bottom, voicing.Top);
        Assert.Equal(pitch % 12, folded % 12);
    }

    [Fact]
    public void No_more_voices_sound_than_the_polyphony_allows()
    {
        var voicing = new AccompanimentVoicing(new AccompanimentOptions { Polyphony = 2 });
        voicing.Start();
        voicing.Occupy(voicing.FreeVoice(0), 2 * Second);
        voicing.Occupy(voicing.FreeVoice(0), 3 * Second);

        Assert.Equal(-1, voicing.FreeVoice(Second));
        Assert.Equal(0, voicing.FreeVoice(2 * Second));

        voicing.Start();
        Assert.Equal(0, voicing.FreeVoice(0));
    }

    [Fact]
    public void A_player_at_the_bottom_of_the_keyboard_leaves_no_room()
    {
        var voicing = new AccompanimentVoicing(new AccompanimentOptions { BelowSemitones = 1 });
        voicing.PlayerNote(0, 1);
        voicing.Update(0);

        Assert.False(voicing.HasRoom);
    }
}
