namespace MusicGen.Live.Training.StyleNet;

/// <summary>One row of <c>splits/split.csv</c>: a MIDI file (relative to the data folder), its data set, piece, split and kind.</summary>
public sealed record SplitEntry(string Path, string Dataset, string Piece, string Split, string Kind)
{
    /// <summary>Reads split.csv; a malformed row throws naming the file and line.</summary>
    public static IReadOnlyList<SplitEntry> ReadAll(string csvPath)
    {
        var rows = new List<SplitEntry>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(csvPath))
        {
            lineNo++;
            if (lineNo == 1 || line.Length == 0)
            {
                continue;
            }

            var f = line.Split(',');
            if (f.Length != 5 || f[3] is not ("train" or "valid" or "test"))
            {
                throw new InvalidDataException($"{csvPath}:{lineNo}: expected path,dataset,piece,split,kind with split train/valid/test, got '{line}'");
            }

            rows.Add(new SplitEntry(f[0], f[1], f[2], f[3], f[4]));
        }

        return rows;
    }
}
