using MusicGen.Live.Midi.Data;
using MusicGen.Live.Midi.Tests.DataSet;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Midi.Tests.Data;

public sealed class DataTableTests
{
    [Fact]
    public void Split_table_covers_every_midi_file_once()
    {
        var entries = SplitTable.Load(Path.Combine(RepoPaths.Data, "splits", "split.csv"));
        Assert.Equal(MidiDataSet.Files.Order(StringComparer.Ordinal), entries.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal([SplitName.Train, SplitName.Valid, SplitName.Test], entries.Select(e => e.Split).Distinct().Order());
        Assert.All(entries.GroupBy(e => (e.Dataset, e.Piece)), g => Assert.Single(g.Select(e => e.Split).Distinct()));
        Assert.All(entries.Where(e => e.Dataset == "pianomidide"), e => Assert.Equal(MidiFileKind.Sequenced, e.Kind));
    }

    [Fact]
    public void Alignment_rows_match_the_notes_of_their_performance()
    {
        var tsv = Directory.EnumerateFiles(Path.Combine(RepoPaths.Data, "nasap"), "*_aligned.tsv.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var alignment = AlignmentTable.Load(tsv);
        Assert.NotEmpty(alignment.TimeSignatures);
        Assert.Contains(alignment.Notes, n => n.Kind == AlignmentKind.Match);
        var performance = MidiFile.Read(tsv.Replace("_aligned.tsv.gz", ".mid", StringComparison.Ordinal)).GetNotes();
        var byPitch = performance.ToLookup(n => (int)n.Pitch);
        var played = alignment.Notes.Where(n => n.IsPerformed).ToList();
        Assert.All(played, row => Assert.Contains(byPitch[row.PerformedPitch], n => Math.Abs(n.OnsetSeconds - row.OnsetSeconds) < 0.005 && n.Velocity == row.Velocity));
        Assert.All(alignment.Notes.Where(n => n.Kind == AlignmentKind.Deletion), n => Assert.True(n.PerformedPitch == -1 && double.IsNaN(n.OnsetSeconds)));
        Assert.All(alignment.Notes.Where(n => n.Kind == AlignmentKind.Insertion), n => Assert.True(n.ScorePitch == -1 && double.IsNaN(n.OnsetQuarters)));
    }

    [Theory]
    [InlineData("kind\tscore_pitch\n", 1)]
    [InlineData("#timesig\t4/4\tbar=0\tonset_beats=0\tonset_q=0\nkind\tscore_pitch\tbar\tbeat\tonset_q\tdur_q\tscore_attrs\tperf_pitch\tonset_s\toffset_s\tvelocity\nX\t60\t1\t1\t0\t1\t\t60\t0.1\t0.2\t50\n", 3)]
    [InlineData("kind\tscore_pitch\tbar\tbeat\tonset_q\tdur_q\tscore_attrs\tperf_pitch\tonset_s\toffset_s\tvelocity\nM\t60\t1\t1\t0\t1\t\t60\tabc\t0.2\t50\n", 2)]
    [InlineData("kind\tscore_pitch\tbar\tbeat\tonset_q\tdur_q\tscore_attrs\tperf_pitch\tonset_s\toffset_s\tvelocity\nI\t\t\t\t\t\t\t60\t0.1\t\t50\n", 2)]
    [InlineData("#timesig\t4\tbar=0\n", 1)]
    public void Bad_alignment_lines_name_the_line(string text, int line)
    {
        var ex = Assert.Throws<DataFormatException>(() => AlignmentTable.Read(new StringReader(text), "t.tsv"));
        Assert.Equal(line, ex.Line);
        Assert.StartsWith($"t.tsv:{line}:", ex.Message);
    }

    [Fact]
    public void Bad_split_rows_name_the_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"musicgen-split-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "path,dataset,piece,split,kind\na.mid,x,p,train,score\nb.mid,x,p,holdout,score\n");
        var ex = Assert.Throws<DataFormatException>(() => SplitTable.Load(path));
        Assert.Equal(3, ex.Line);
        File.Delete(path);
    }

    [Fact]
    public void Attributes_are_matched_whole()
    {
        var row = new AlignedNote(AlignmentKind.Match, 60, 1, 1, 0, 1, "v1|staff1|staccatissimo", 60, 0, 1, 64);
        Assert.True(row.HasAttribute("staccatissimo"));
        Assert.False(row.HasAttribute("staccato"));
    }
}
