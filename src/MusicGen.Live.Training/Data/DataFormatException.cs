namespace MusicGen.Live.Training.Data;

/// <summary>A data-set table (split.csv, *_aligned.tsv.gz) has a line that cannot be read; names the file and line.</summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string path, int line, string detail)
        : base($"{path}:{line}: {detail}")
    {
        Path = path;
        Line = line;
    }

    public string Path { get; }

    public int Line { get; }
}
