using System.Text.Json.Serialization;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Runtime;

/// <summary>
/// One exported ONNX graph named by a model card: its file (relative to the card), SHA-256 and size, checked on
/// load exactly as the safetensors are (<see cref="Verify"/>).
/// </summary>
public sealed record OnnxFileEntry
{
    [JsonPropertyName("file")]
    public string File { get; init; } = string.Empty;

    [JsonPropertyName("sha256")]
    public string Sha256 { get; init; } = string.Empty;

    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    /// <summary>
    /// The graph's full path once its size and SHA-256 match the card; otherwise a <see cref="ModelFileException"/>
    /// that names the file and what is wrong (missing, truncated, replaced).
    /// </summary>
    public string Verify(string cardPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardPath);
        if (string.IsNullOrEmpty(File) || string.IsNullOrEmpty(Sha256))
        {
            throw new ModelFileException(cardPath, "its onnx section lacks 'file' or 'sha256' (run tools/export_onnx.py)");
        }

        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cardPath))!, File);
        if (!System.IO.File.Exists(path))
        {
            throw new ModelFileException(path, "ONNX graph not found (named by its card; tools/export_onnx.py writes it)");
        }

        var length = new FileInfo(path).Length;
        if (length != Bytes)
        {
            throw new ModelFileException(path, $"is {length} bytes, its card says {Bytes} (truncated or replaced?)");
        }

        var sha = ModelCard.Sha256Of(path);
        if (!string.Equals(sha, Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelFileException(path, $"SHA-256 {sha} does not match its card's {Sha256} (corrupted or replaced)");
        }

        return path;
    }
}
