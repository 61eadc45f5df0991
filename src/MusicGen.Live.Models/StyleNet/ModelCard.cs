using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The JSON card beside a shipped weights file (<c>models/NAME.json</c> next to <c>models/NAME.safetensors</c>):
/// what the model is, its config, the data and split it was trained on, its test metrics, and the SHA-256 and
/// size of the weights file, which <see cref="LoadVerified"/> checks before trusting a byte of it.
/// </summary>
public sealed class ModelCard
{
    public const string NoteKind = "stylenet-note";
    public const string ArticleKind = "stylenet-article";
    public const int CurrentFormat = 1;

    // Cards are read by people, not embedded in HTML: row names such as "64±10" and "score's" stay as written.
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("format_version")]
    public int FormatVersion { get; set; } = CurrentFormat;

    /// <summary>Weights file name, relative to the card's folder.</summary>
    [JsonPropertyName("weights")]
    public string Weights { get; set; } = string.Empty;

    [JsonPropertyName("sha256")]
    public string Sha256 { get; set; } = string.Empty;

    [JsonPropertyName("bytes")]
    public long Bytes { get; set; }

    [JsonPropertyName("config")]
    public JsonObject Config { get; set; } = [];

    [JsonPropertyName("data")]
    public string Data { get; set; } = string.Empty;

    [JsonPropertyName("split")]
    public string Split { get; set; } = string.Empty;

    [JsonPropertyName("metrics")]
    public JsonObject Metrics { get; set; } = [];

    [JsonPropertyName("training")]
    public JsonObject Training { get; set; } = [];

    [JsonPropertyName("license")]
    public string License { get; set; } = string.Empty;

    /// <summary>Full path of the weights file (set when read from or written to a path).</summary>
    /// <summary>The exported ONNX step graph with its checksum (tools/export_onnx.py); null for a model not exported.</summary>
    [JsonPropertyName("onnx")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Runtime.OnnxCardSection? Onnx { get; set; }

    [JsonIgnore]
    public string WeightsPath { get; private set; } = string.Empty;

    public static ModelCard Read(string cardPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardPath);
        if (!File.Exists(cardPath))
        {
            throw new ModelFileException(cardPath, "model card not found");
        }

        ModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(cardPath), s_json);
        }
        catch (JsonException ex)
        {
            throw new ModelFileException(cardPath, $"model card is not valid JSON ({ex.Message})", ex);
        }

        if (card is null || string.IsNullOrEmpty(card.Weights) || string.IsNullOrEmpty(card.Sha256))
        {
            throw new ModelFileException(cardPath, "model card lacks 'weights' or 'sha256'");
        }

        card.WeightsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cardPath))!, card.Weights);
        return card;
    }

    /// <summary>Fills in the weights file's name, size and SHA-256, then writes the card.</summary>
    public void Write(string cardPath, string weightsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardPath);
        ArgumentException.ThrowIfNullOrEmpty(weightsPath);
        Weights = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(cardPath))!, Path.GetFullPath(weightsPath));
        Bytes = new FileInfo(weightsPath).Length;
        Sha256 = Sha256Of(weightsPath);
        WeightsPath = Path.GetFullPath(weightsPath);
        File.WriteAllText(cardPath, JsonSerializer.Serialize(this, s_json) + "\n");
    }

    public T ReadConfig<T>()
    {
        try
        {
            return Config.Deserialize<T>(s_json) ?? throw new ModelFileException(WeightsPath, "card config is empty");
        }
        catch (JsonException ex)
        {
            throw new ModelFileException(WeightsPath, $"card config does not fit {typeof(T).Name} ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// Reads the card, checks kind and format, then the weights file's size and SHA-256 against it, then parses
    /// the safetensors (which checks its own header). Any failure is a <see cref="ModelFileException"/> naming the file.
    /// </summary>
    public static (ModelCard Card, NamedTensors Tensors) LoadVerified(string cardPath, string expectedKind)
    {
        var card = Read(cardPath);
        if (card.Kind != expectedKind)
        {
            throw new ModelFileException(cardPath, $"is a '{card.Kind}' model, expected '{expectedKind}'");
        }

        if (card.FormatVersion != CurrentFormat)
        {
            throw new ModelFileException(cardPath, $"format_version {card.FormatVersion} is not supported (this build reads {CurrentFormat})");
        }

        var path = card.WeightsPath;
        if (!File.Exists(path))
        {
            throw new ModelFileException(path, "weights file not found (named by its card)");
        }

        var length = new FileInfo(path).Length;
        if (length != card.Bytes)
        {
            throw new ModelFileException(path, $"is {length} bytes, its card says {card.Bytes} (truncated or replaced?)");
        }

        var sha = Sha256Of(path);
        if (!string.Equals(sha, card.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelFileException(path, $"SHA-256 {sha} does not match its card's {card.Sha256} (corrupted or replaced)");
        }

        try
        {
            return (card, SafeTensors.Read(path));
        }
        catch (SafeTensorsFormatException ex)
        {
            throw new ModelFileException(path, ex.Message, ex);
        }
    }

    /// <summary>
    /// A model through its card: <see cref="LoadVerified"/>, the card's config, then <paramref name="build"/>. Weights
    /// that do not fit the config (the builder's <see cref="WeightMismatchException"/> or <see cref="ArgumentException"/>)
    /// become a <see cref="ModelFileException"/> naming the weights file.
    /// </summary>
    public static TModel LoadModel<TConfig, TModel>(string cardPath, string expectedKind, Func<NamedTensors, TConfig, TModel> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var (card, tensors) = LoadVerified(cardPath, expectedKind);
        var config = card.ReadConfig<TConfig>();
        try
        {
            return build(tensors, config);
        }
        catch (Exception ex) when (ex is WeightMismatchException or ArgumentException)
        {
            throw new ModelFileException(card.WeightsPath, $"does not fit its card's config: {ex.Message}", ex);
        }
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
