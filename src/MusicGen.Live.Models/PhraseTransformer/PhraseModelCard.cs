using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// The JSON card beside the weights (models/phrase-transformer.json): config, data and split used, training
/// figures, metrics and the SHA-256 of the safetensors file, which <see cref="PhraseTransformerFile.Load"/> checks.
/// </summary>
public sealed record PhraseModelCard
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a card is read by people: keep ± and + as they are
    };

    public string Name { get; init; } = "phrase-transformer";

    public string Format { get; init; } = "musicgen-phrase-transformer/1";

    public required PhraseTransformerConfig Config { get; init; }

    public string? Weights { get; init; }

    public string? Sha256 { get; init; }

    public long Parameters { get; init; }

    public string? Data { get; init; }

    public string? Split { get; init; }

    public string? Training { get; init; }

    public long Steps { get; init; }

    public long TrainEvents { get; init; }

    public double? ValidNllBitsPerEvent { get; init; }

    /// <summary>Named figures (test NLL per field, baselines, continuation statistics), filled by the eval verb.</summary>
    public Dictionary<string, double>? Metrics { get; init; }

    public string? Notes { get; init; }

    /// <summary>The exported ONNX graphs (step and heads) with their checksums; null before an export.</summary>
    public Runtime.OnnxCardSection? Onnx { get; init; }
}
