using MusicGen.Live.Midi;
using MusicGen.Live.Training.Data;
using MusicGen.Live.TestSupport;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Tests.StyleNet;

public sealed class AlignedFileTests
{
    private const string Header = "kind\tscore_pitch\tbar\tbeat\tonset_q\tdur_q\tscore_attrs\tperf_pitch\tonset_s\toffset_s\tvelocity\n";

    [Fact]
    public void Alignment_rows_match_the_notes_of_their_performance()
    {
        var tsv = Directory.EnumerateFiles(Path.Combine(RepoPaths.Data, "nasap"), "*_aligned.tsv.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var aligned = AlignedFile.Read(tsv);
        Assert.NotEmpty(aligned.Segments);
        Assert.Contains(aligned.Rows, r => r.Kind == 'M');
        var performance = MidiFile.Read(tsv.Replace("_aligned.tsv.gz", ".mid", StringComparison.Ordinal)).GetNotes();
        var byPitch = performance.ToLookup(n => (int)n.Pitch);
        Assert.All(aligned.Rows.Where(r => r.Kind != 'D'), row => Assert.Contains(byPitch[row.PerfPitch], n => Math.Abs(n.OnsetSeconds - row.OnsetSeconds) < 0.005 && n.Velocity == row.Velocity));
        Assert.All(aligned.Rows.Where(r => r.Kind == 'D'), r => Assert.True(r.PerfPitch == -1 && double.IsNaN(r.OnsetSeconds)));
        Assert.All(aligned.Rows.Where(r => r.Kind == 'I'), r => Assert.True(r.ScorePitch == -1 && double.IsNaN(r.OnsetQ)));
    }

    [Theory]
    [InlineData("#timesig\t4/4\tbar=0\tonset_beats=0\tonset_q=0\n" + Header + "X\t60\t1\t1\t0\t1\t\t60\t0.1\t0.2\t50\n", 3)]
    [InlineData(Header + "M\t60\t1\t1\t0\t1\t\t60\tabc\t0.2\t50\n", 2)]
    [InlineData(Header + "M\t60\t1\t1\t0\t1\t\t60\t0.1\t0.2\n", 2)]
    [InlineData("#timesig\t4\tbar=0\n", 1)]
    [InlineData("#timesig\t4/x\tbar=0\tonset_q=0\n", 1)]
    public void Bad_alignment_lines_name_the_line(string text, int line)
    {
        var ex = Assert.Throws<DataFormatException>(() => AlignedFile.Read(new StringReader(text), "t.tsv"));
        Assert.Equal(line, ex.Line);
        Assert.StartsWith($"t.tsv:{line}:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Downbeats_follow_the_time_signature_segments()
    {
        var aligned = AlignedFile.Read(new StringReader("#timesig\t3/4\tbar=0\tonset_beats=0\tonset_q=0\n#timesig\t4/4\tbar=2\tonset_beats=6\tonset_q=6\n" + Header), "t.tsv");
        Assert.True(aligned.IsDownbeat(3));
        Assert.False(aligned.IsDownbeat(4));
        Assert.True(aligned.IsDownbeat(10));
    }
}
