namespace MusicGen.Live.Training.Data;

/// <summary>Reads <c>splits/split.csv</c> (header <c>path,dataset,piece,split,kind</c>; no quoted fields in this file).</summary>
public static class SplitTable
{
    public static IReadOnlyList<SplitEntry> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var entries = new List<SplitEntry>();
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header?.Trim() != "path,dataset,piece,split,kind")
        {
            throw new DataFormatException(path, 1, $"header is '{header}', expected 'path,dataset,piece,split,kind'");
        }

        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split(',');
            if (f.Length != 5 || f[0].Length == 0)
            {
                throw new DataFormatException(path, number, $"expected 5 comma-separated fields, got {f.Length}");
            }

            var split = f[3] switch
            {
                "train" => SplitName.Train,
                "valid" => SplitName.Valid,
                "test" => SplitName.Test,
                _ => throw new DataFormatException(path, number, $"split '{f[3]}' is not train, valid or test"),
            };
            var kind = f[4] switch
            {
                "performance" => MidiFileKind.Performance,
                "score" => MidiFileKind.Score,
                "sequenced" => MidiFileKind.Sequenced,
                _ => throw new DataFormatException(path, number, $"kind '{f[4]}' is not performance, score or sequenced"),
            };
            entries.Add(new SplitEntry(f[0], f[1], f[2], split, kind));
        }

        return entries;
    }
}
