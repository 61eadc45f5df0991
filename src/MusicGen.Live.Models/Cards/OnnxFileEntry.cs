using System.Text.Json.Serialization;

namespace MusicGen.Live.Models.Cards;

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
            throw new ModelFileException(cardPath, "its onnx section lacks 'file' or 'sha256' (run tools/export_onnx.py)", "onnx");
        }

        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cardPath))!, File);
        return ModelCard.VerifyFile(path, Bytes, Sha256, "ONNX graph not found (named by its card; tools/export_onnx.py writes it)");
    }
}
