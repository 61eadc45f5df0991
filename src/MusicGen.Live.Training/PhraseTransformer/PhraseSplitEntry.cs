namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>One row of splits/split.csv: data-relative path, dataset, piece, split and kind.</summary>
internal sealed record PhraseSplitEntry(string Path, string Dataset, string Piece, string Split, string Kind)
{
    /// <summary>
    /// Reads split.csv (header path,dataset,piece,split,kind; no quoted commas in this file). A malformed row
    /// throws naming the line.
    /// </summary>
    public static List<PhraseSplitEntry> Read(string csvPath)
    {
        var rows = new List<PhraseSplitEntry>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(csvPath))
        {
            lineNo++;
            if (lineNo == 1 || line.Length == 0)
            {
                continue;
            }

            var c = line.Split(',');
            if (c.Length != 5)
            {
                throw new InvalidDataException($"{csvPath}:{lineNo}: expected 5 columns, got {c.Length}");
            }

            rows.Add(new PhraseSplitEntry(c[0], c[1], c[2], c[3], c[4]));
        }

        return rows;
    }
}
