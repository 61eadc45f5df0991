using MusicGen.Live.Midi;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Models.Tests.StyleNet;

public sealed class MidiHumanizerTests
{
    private static MidiFile Synthetic()
    {
        var file = new MidiFile(1, MidiDivision.FromTicksPerQuarterNote(480));
        file.Tracks.Add(new MidiTrack([MidiEvent.Tempo(0, 600_000), MidiEvent.MetaText(0, MetaEventType.TrackName, "conductor")], 0));
        var rng = new Random(5);
        var notes = Enumerable.Range(0, 300).Select(i => new Note(1, (byte)(i % 3 == 0 ? 9 : 0), (byte)rng.Next(36, 96), (byte)rng.Next(30, 110), i * 120L, (i * 120L) + 100, 0, 0));
        var track = file.AddNotesTrack(notes, "piano");
        track.Events.Insert(track.Events.FindIndex(e => e.Tick >= 200), MidiEvent.ControlChange(200, 0, 64, 127));
        track.Events.Add(MidiEvent.ControlChange(track.LastTick, 0, 64, 0));
        return file;
    }

    private static void AssertOnlyVelocitiesDiffer(MidiFile before, MidiFile after)
    {
        Assert.Equal(before.Format, after.Format);
        Assert.Equal(before.Division, after.Division);
        Assert.Equal(before.Tracks.Count, after.Tracks.Count);
        for (var t = 0; t < before.Tracks.Count; t++)
        {
            var a = before.Tracks[t].Events;
            var b = after.Tracks[t].Events;
            Assert.Equal(a.Count, b.Count);
            for (var i = 0; i < a.Count; i++)
            {
                if (a[i].IsNoteOn)
                {
                    Assert.Equal(a[i] with { Data2 = 0 }, b[i] with { Data2 = 0 });
                    Assert.InRange(b[i].Data2, 1, 127);
                }
                else
                {
                    Assert.Equal(a[i], b[i]);
                }
            }
        }
    }

    [Fact]
    public void Humanizing_changes_only_note_on_velocities_and_leaves_drums_alone()
    {
        var model = StyleNetTestData.Note();
        var original = Synthetic();
        var bytes = original.ToBytes();
        var file = MidiFile.Read(bytes);
        var changed = MidiHumanizer.Apply(file, (n, _, v) => model.Predict(n, 1f, StyleNetStyle.Pop, v), new MidiHumanizerOptions { Style = StyleNetStyle.Pop });
        Assert.True(changed > 100, $"only {changed} velocities changed");
        var reread = MidiFile.Read(file.ToBytes());
        AssertOnlyVelocitiesDiffer(MidiFile.Read(bytes), reread);
        var drums = reread.GetNotes().Where(n => n.Channel == 9).Select(n => n.Velocity);
        Assert.Equal(original.GetNotes().Where(n => n.Channel == 9).Select(n => n.Velocity), drums);
    }

    [Fact]
    public void Amount_zero_leaves_the_file_byte_identical()
    {
        var model = StyleNetTestData.Note();
        var bytes = Synthetic().ToBytes();
        var file = MidiFile.Read(bytes);
        Assert.Equal(0, MidiHumanizer.Apply(file, (n, _, v) => model.Predict(n, 0f, StyleNetStyle.Classical, v), new MidiHumanizerOptions { Amount = 0 }));
        Assert.Equal(bytes, file.ToBytes());
    }

    [Fact]
    public void A_real_performance_keeps_every_other_event_after_a_round_trip()
    {
        var path = Path.Combine(RepoPaths.Data, "nasap", "Bach", "Fugue", "bwv_846", "Shi05M.mid");
        if (!File.Exists(path))
        {
            return; // data folder not present in this checkout
        }

        var cfg = StyleNetTestData.SmallArticle();
        var seed = ArticleStyleNet.FromTensors(StyleNetTestData.ArticleTensors(cfg), cfg);
        var file = MidiFile.Read(path, ReadingSettings.Lenient);
        MidiHumanizer.Apply(file, (n, sixteenth, v) => seed.Predict(n, sixteenth, StyleNetStyle.Classical, v), new MidiHumanizerOptions { UseBeats = false });
        AssertOnlyVelocitiesDiffer(MidiFile.Read(path, ReadingSettings.Lenient), MidiFile.Read(file.ToBytes()));
    }

    [Fact]
    public void Out_of_range_options_are_rejected_by_name()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MidiHumanizer.Apply(Synthetic(), (_, _, _) => { }, new MidiHumanizerOptions { Amount = 1.5f }));
        Assert.Equal("Amount", ex.ParamName);
    }
}
