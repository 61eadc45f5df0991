using MusicGen.Live.Training.Data;
using MusicGen.Live.TestSupport.Data;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Training.Tests.Data;

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
    public void Bad_split_rows_name_the_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"musicgen-split-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "path,dataset,piece,split,kind\na.mid,x,p,train,score\nb.mid,x,p,holdout,score\n");
        var ex = Assert.Throws<DataFormatException>(() => SplitTable.Load(path));
        Assert.Equal(3, ex.Line);
        File.Delete(path);
    }
}
