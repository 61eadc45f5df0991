using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Tests.StyleNet;

public sealed class NoteFeaturesTests
{
    private static float[] Features(StyleNetNote[] notes, int i, float la)
    {
        var f = new float[NoteFeatures.Size];
        NoteFeatures.Write(notes, i, la, StyleNetStyle.Classical, f);
        return f;
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.5f)]
    [InlineData(1.0f)]
    public void A_note_features_ignore_every_later_note_outside_the_look_ahead(float la)
    {
        var notes = StyleNetTestData.Notes(200);
        var changed = (StyleNetNote[])notes.Clone();
        var rng = new Random(9);
        for (var i = 0; i < changed.Length; i++)
        {
            changed[i] = changed[i] with { Pitch = (byte)rng.Next(21, 109), Pedal = !changed[i].Pedal, BeatPhase = 0.25f };
        }

        for (var i = 0; i < notes.Length - 1; i++)
        {
            // Replace everything at or after onset_i + L by other notes: note i's vector must not move.
            var mixed = (StyleNetNote[])notes.Clone();
            for (var j = i + 1; j < notes.Length; j++)
            {
                if (notes[j].OnsetSeconds - notes[i].OnsetSeconds >= la)
                {
                    mixed[j] = changed[j];
                }
            }

            var original = notes[i] with { DurationSeconds = notes[i].DurationSeconds < la ? notes[i].DurationSeconds : double.PositiveInfinity };
            mixed[i] = original;
            Assert.Equal(Features(notes, i, la), Features(mixed, i, la));
        }
    }

    [Fact]
    public void Causal_features_know_earlier_chord_notes_but_not_the_duration_and_look_ahead_shows_later_ones()
    {
        StyleNetNote[] chord =
        [
            new(1.000, 0.3, 60, false, float.NaN, false),
            new(1.010, 0.3, 64, false, float.NaN, false),
            new(1.020, 0.3, 72, true, 0.5f, true),
            new(1.500, 0.3, 48, false, float.NaN, false),
        ];
        var causal = Features(chord, 2, 0);
        Assert.Equal(2 / 3f, causal[2], 5);
        Assert.Equal((72 - 64) / 12f, causal[3], 5);
        Assert.Equal((72 - 60) / 12f, causal[4], 5);
        Assert.Equal(1, causal[5]);
        Assert.Equal(1, causal[6]);
        Assert.Equal(-1, causal[8], 5);
        Assert.Equal(0, causal[10]);
        Assert.Equal(0, causal[NoteFeatures.BaseSize]);

        var ahead = Features(chord, 0, 1.0f);
        Assert.Equal(1, ahead[10]);
        Assert.Equal(3 / 10f, ahead[16], 5);
        Assert.Equal((72 - 60) / 12f, ahead[17], 5);
        Assert.Equal(1, ahead[NoteFeatures.BaseSize]);
        Assert.Equal(0.02f, ahead[NoteFeatures.BaseSize + 1], 5);
        Assert.Equal(4 / 12f, ahead[NoteFeatures.BaseSize + 2], 5);
        Assert.Equal(1, ahead[NoteFeatures.BaseSize + (2 * NoteFeatures.SlotSize)]);
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_the_reason()
    {
        var notes = StyleNetTestData.Notes(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => NoteFeatures.Write(notes, 3, 0, StyleNetStyle.Pop, new float[NoteFeatures.Size]));
        var ex = Assert.Throws<ArgumentException>(() => NoteFeatures.Write(notes, 0, 0, StyleNetStyle.Pop, new float[5]));
        Assert.Contains("needs", ex.Message, StringComparison.Ordinal);
    }
}
