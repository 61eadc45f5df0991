namespace MusicGen.Live.Models.StyleNet;

/// <summary>A shipped model that cannot be used: card unreadable, weights missing, checksum, size or shapes wrong. Names the file.</summary>
public sealed class ModelFileException : Exception
{
    public ModelFileException(string path, string problem, Exception? inner = null)
        : base($"model file {path}: {problem}", inner)
    {
        FilePath = path;
    }

    public string FilePath { get; }
}
