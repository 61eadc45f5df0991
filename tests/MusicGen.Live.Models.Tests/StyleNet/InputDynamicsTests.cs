using MusicGen.Live.Midi;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Tests.StyleNet;

/// <summary>
/// The input-dynamics tail of the note features (a sequencer's or score export's own velocities), the earlier
/// 43-feature models that must keep working unchanged, and the humanizer's choice of when to show the velocities.
/// </summary>
public sealed class InputDynamicsTests
{
    private static float[] Features(StyleNetNote[] notes, int i, float la = 0.5f)
    {
        var f = new float[NoteFeatures.Size];
        NoteFeatures.Write(notes, i, la, StyleNetStyle.Classical, f);
        return f;
    }

    [Fact]
    public void The_tail_is_zero_without_input_velocities_and_the_leading_vector_never_depends_on_them()
    {
        var flat = StyleNetTestData.Notes(60);
        var dynamic = flat.Select((n, i) => n with { InputVelocity = (byte)(40 + (i % 5 * 10)) }).ToArray();
        for (var i = 0; i < flat.Length; i++)
        {
            var a = Features(flat, i);
            var b = Features(dynamic, i);
            Assert.All(a[NoteFeatures.LegacySize..], v => Assert.Equal(0f, v));
            Assert.Equal(a[..NoteFeatures.LegacySize], b[..NoteFeatures.LegacySize]);
            Assert.Equal(1f, b[NoteFeatures.LegacySize]);
            Assert.Equal((dynamic[i].InputVelocity - 64) / 32f, b[NoteFeatures.LegacySize + 1], 6);
        }
    }

    [Fact]
    public void The_contrast_compares_with_earlier_known_velocities_only()
    {
        var notes = StyleNetTestData.Notes(5).Select(n => n with { InputVelocity = 60 }).ToArray();
        notes[3] = notes[3] with { InputVelocity = 92 }; // an accent
        notes[4] = notes[4] with { InputVelocity = 0 }; // unknown: no effect on the others
        Assert.Equal(0f, Features(notes, 0)[NoteFeatures.LegacySize + 2]); // nothing earlier
        Assert.Equal(0f, Features(notes, 2)[NoteFeatures.LegacySize + 2]);
        Assert.Equal(2f, Features(notes, 3)[NoteFeatures.LegacySize + 2], 6); // (92 - 60) / 16

        // A later note never moves an earlier note's contrast, whatever the look-ahead.
        var louder = notes.ToArray();
        louder[4] = louder[4] with { InputVelocity = 127 };
        Assert.Equal(Features(notes, 3, 2f), Features(louder, 3, 2f));
    }

    [Fact]
    public void A_model_from_before_the_tail_reads_the_leading_vector_and_ignores_input_velocities()
    {
        var legacy = StyleNetTestData.SmallNote() with { Input = NoteFeatures.LegacySize };
        var model = NoteStyleNet.FromTensors(StyleNetTestData.NoteTensors(legacy), legacy);
        Assert.False(model.Config.ReadsInputDynamics);
        var notes = StyleNetTestData.Notes(80);
        var withVelocities = notes.Select(n => n with { InputVelocity = 100 }).ToArray();
        var a = new float[notes.Length];
        var b = new float[notes.Length];
        model.Predict(notes, 1f, StyleNetStyle.Classical, a);
        model.Predict(withVelocities, 1f, StyleNetStyle.Classical, b);
        Assert.Equal(a, b);

        var current = StyleNetTestData.Note();
        Assert.True(current.Config.ReadsInputDynamics);
        current.Predict(notes, 1f, StyleNetStyle.Classical, a);
        current.Predict(withVelocities, 1f, StyleNetStyle.Classical, b);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(44)]
    [InlineData(19)]
    public void Any_other_input_size_is_rejected(int input)
    {
        var config = StyleNetTestData.SmallNote() with { Input = input };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(config.Validate);
        Assert.Contains(input.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_are_velocities_that_vary()
    {
        Assert.False(MidiHumanizer.HasDynamics([]));
        Assert.False(MidiHumanizer.HasDynamics([80, 80, 80, 80]));
        Assert.False(MidiHumanizer.HasDynamics([80, 100, 80, 100])); // accent on/off: two values
        Assert.False(MidiHumanizer.HasDynamics([80, 81, 80, 82, 80, 80, 80, 80])); // three values, spread under 3
        Assert.True(MidiHumanizer.HasDynamics([40, 50, 60, 70, 80, 90]));
    }

    [Fact]
    public void The_humanizer_shows_the_model_the_file_velocities_only_when_they_carry_dynamics()
    {
        static MidiFile File(Func<int, int> velocity)
        {
            var file = new MidiFile(1, MidiDivision.FromTicksPerQuarterNote(480));
            file.Tracks.Add(new MidiTrack([MidiEvent.Tempo(0, 500_000)], 0));
            file.AddNotesTrack(Enumerable.Range(0, 16).Select(i => new Note(1, 0, (byte)(60 + (i % 7)), (byte)velocity(i), i * 240L, (i * 240L) + 200, 0, 0)), "part");
            return file;
        }

        StyleNetNote[] Seen(MidiFile file, InputDynamicsMode mode)
        {
            StyleNetNote[] seen = [];
            MidiHumanizer.Apply(file, (notes, _, v) => { seen = notes.ToArray(); v.Fill(64); }, new MidiHumanizerOptions { InputDynamics = mode });
            return seen;
        }

        var crescendo = File(i => 40 + (i * 5));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)(40 + (i * 5))), Seen(crescendo, InputDynamicsMode.Auto).Select(n => n.InputVelocity));
        Assert.All(Seen(File(i => 40 + (i * 5)), InputDynamicsMode.Off), n => Assert.Equal(0, n.InputVelocity));
        Assert.All(Seen(File(_ => 90), InputDynamicsMode.Auto), n => Assert.Equal(0, n.InputVelocity));
        Assert.All(Seen(File(_ => 90), InputDynamicsMode.On), n => Assert.Equal(90, n.InputVelocity));
    }
}
