namespace MusicGen.Live.Models.Cards;

/// <summary>
/// A shipped model that cannot be used: card unreadable or incomplete, weights missing, checksum, size or shapes
/// wrong. Names the file and, where one card field is at fault, that field.
/// </summary>
public sealed class ModelFileException : Exception
{
    public ModelFileException(string path, string problem, string? field = null, Exception? inner = null)
        : base(field is null ? $"model file {path}: {problem}" : $"model file {path} (field '{field}'): {problem}", inner)
    {
        FilePath = path;
        Field = field;
    }

    public string FilePath { get; }

    /// <summary>The card's field at fault (<c>sha256</c>, <c>kind</c>, <c>config.hidden</c>, ...); null when the file itself is.</summary>
    public string? Field { get; }
}
