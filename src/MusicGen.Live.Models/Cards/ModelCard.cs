using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.Cards;

/// <summary>
/// The JSON card beside every shipped weights file (<c>models/NAME.json</c> next to <c>models/NAME.safetensors</c>),
/// one format for every model: what the model is (<c>kind</c>), the card's <c>format_version</c>, the weights file
/// with its SHA-256 and size, the model's own config (each model reads it with <see cref="ReadConfig{T}"/>), the data
/// and split it was trained on, how it was trained, its metrics and the exported ONNX graphs. Keys are snake_case.
/// <see cref="LoadVerified"/> checks the card and the weights before trusting a byte of them; every failure is a
/// <see cref="ModelFileException"/> that names the file and, where one is at fault, the card's field.
/// </summary>
public sealed class ModelCard
{
    public const int CurrentFormat = 1;

    /// <summary>The fields every card must hold (the others may be absent).</summary>
    private static readonly string[] s_required = ["name", "kind", "format_version", "weights", "sha256", "bytes", "config"];

    // Cards are read by people, not embedded in HTML: row names such as "64±10" and "score's" stay as written.
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Name { get; set; } = string.Empty;

    /// <summary>Which model reads it (<c>stylenet-note</c>, <c>phrase-transformer</c>, ...); a loader refuses another kind.</summary>
    public string Kind { get; set; } = string.Empty;

    public int FormatVersion { get; set; } = CurrentFormat;

    /// <summary>Weights file name, relative to the card's folder.</summary>
    public string Weights { get; set; } = string.Empty;

    public string Sha256 { get; set; } = string.Empty;

    public long Bytes { get; set; }

    /// <summary>The model's own shape; read by the model with <see cref="ReadConfig{T}"/>.</summary>
    public JsonObject Config { get; set; } = [];

    public string? Data { get; set; }

    public string? Split { get; set; }

    /// <summary>Named figures: test metrics, baselines.</summary>
    public JsonObject Metrics { get; set; } = [];

    /// <summary>How it was trained: config, command, curves, steps, notes.</summary>
    public JsonObject Training { get; set; } = [];

    public string? License { get; set; }

    /// <summary>The exported ONNX graphs with their checksums (tools/export_onnx.py); null for a model not exported.</summary>
    public OnnxCardSection? Onnx { get; set; }

    /// <summary>Full path of the card (set when read from or written to a path).</summary>
    [JsonIgnore]
    public string CardPath { get; private set; } = string.Empty;

    /// <summary>Full path of the weights file (set when read from or written to a path).</summary>
    [JsonIgnore]
    public string WeightsPath { get; private set; } = string.Empty;

    /// <summary>A config record as the card's <c>config</c> object (snake_case keys, as every card writes them).</summary>
    public static JsonObject ConfigOf<T>(T config) => (JsonObject)JsonSerializer.SerializeToNode(config, s_json)!;

    /// <summary>Reads a card and checks its required fields and format version; any problem names the file and field.</summary>
    public static ModelCard Read(string cardPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardPath);
        if (!File.Exists(cardPath))
        {
            throw new ModelFileException(cardPath, "model card not found");
        }

        ModelCard card;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(cardPath)) is not JsonObject node)
            {
                throw new ModelFileException(cardPath, "model card is not a JSON object");
            }

            if (s_required.FirstOrDefault(f => node[f] is null) is { } missing)
            {
                throw new ModelFileException(cardPath, $"model card lacks '{missing}'", missing);
            }

            card = node.Deserialize<ModelCard>(s_json)!;
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
            throw new ModelFileException(cardPath, $"model card is not valid JSON ({ex.Message})", field, ex);
        }

        if (card.FormatVersion != CurrentFormat)
        {
            throw new ModelFileException(cardPath, $"format_version {card.FormatVersion} is not supported (this build reads {CurrentFormat})", "format_version");
        }

        if (string.IsNullOrEmpty(card.Weights) || string.IsNullOrEmpty(card.Sha256))
        {
            var field = string.IsNullOrEmpty(card.Weights) ? "weights" : "sha256";
            throw new ModelFileException(cardPath, $"model card's '{field}' is empty", field);
        }

        card.CardPath = Path.GetFullPath(cardPath);
        card.WeightsPath = Path.Combine(Path.GetDirectoryName(card.CardPath)!, card.Weights);
        return card;
    }

    /// <summary>
    /// Fills in the weights file's name, size and SHA-256, then writes the card (through a temporary file and a
    /// rename, so a reader never sees half a card).
    /// </summary>
    public void Write(string cardPath, string weightsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardPath);
        ArgumentException.ThrowIfNullOrEmpty(weightsPath);
        Weights = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(cardPath))!, Path.GetFullPath(weightsPath));
        Bytes = new FileInfo(weightsPath).Length;
        Sha256 = Sha256Of(weightsPath);
        WeightsPath = Path.GetFullPath(weightsPath);
        Rewrite(cardPath);
    }

    /// <summary>Writes the card as it is (metrics updated after an evaluation), weights fields untouched.</summary>
    public void Rewrite(string cardPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardPath);
        CardPath = Path.GetFullPath(cardPath);
        File.WriteAllText(cardPath + ".tmp", JsonSerializer.Serialize(this, s_json) + "\n");
        File.Move(cardPath + ".tmp", cardPath, overwrite: true);
    }

    /// <summary>The card's config as the model's config record; a config that does not fit names the card's <c>config</c>.</summary>
    public T ReadConfig<T>()
    {
        try
        {
            return Config.Deserialize<T>(s_json) ?? throw new ModelFileException(CardPath, "card config is empty", "config");
        }
        catch (JsonException ex)
        {
            var at = ex.Path is { Length: > 2 } p ? "config" + p[1..] : "config";
            throw new ModelFileException(CardPath, $"card config does not fit {typeof(T).Name} ({ex.Message})", at, ex);
        }
    }

    /// <summary>A whole-number figure of the <c>training</c> section (steps, parameters); null when absent.</summary>
    public long? TrainingFigure(string key) =>
        Training[key] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    /// <summary>The <c>metrics</c> that are plain numbers (nested rows left out).</summary>
    public Dictionary<string, double> NumericMetrics()
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, v) in Metrics)
        {
            if (v is JsonValue value && value.TryGetValue<double>(out var d))
            {
                figures[k] = d;
            }
        }

        return figures;
    }

    /// <summary>
    /// Reads the card, checks its kind, then the weights file's size and SHA-256 against it, then parses the
    /// safetensors (which checks its own header). Any failure is a <see cref="ModelFileException"/> naming the file.
    /// </summary>
    public static (ModelCard Card, NamedTensors Tensors) LoadVerified(string cardPath, string expectedKind)
    {
        var card = Read(cardPath);
        if (card.Kind != expectedKind)
        {
            throw new ModelFileException(cardPath, $"is a '{card.Kind}' model, expected '{expectedKind}'", "kind");
        }

        var path = VerifyFile(card.WeightsPath, card.Bytes, card.Sha256, "weights file not found (named by its card)");
        try
        {
            return (card, SafeTensors.Read(path));
        }
        catch (SafeTensorsFormatException ex)
        {
            throw new ModelFileException(path, ex.Message, null, ex);
        }
    }

    /// <summary>
    /// A model through its card: <see cref="LoadVerified"/>, the card's config, then <paramref name="build"/>. Weights
    /// that do not fit the config (the builder's <see cref="WeightMismatchException"/>, <see cref="ArgumentException"/>
    /// or <see cref="InvalidDataException"/>) become a <see cref="ModelFileException"/> naming the weights file.
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
        catch (Exception ex) when (ex is WeightMismatchException or ArgumentException or InvalidDataException)
        {
            throw new ModelFileException(card.WeightsPath, $"does not fit its card's config: {ex.Message}", null, ex);
        }
    }

    /// <summary>
    /// The full path of a file a card names (weights, ONNX graph) once it exists and its size and SHA-256 match the
    /// card; otherwise a <see cref="ModelFileException"/> naming the file and what is wrong (missing, truncated, replaced).
    /// </summary>
    public static string VerifyFile(string path, long bytes, string sha256, string notFound)
    {
        if (!File.Exists(path))
        {
            throw new ModelFileException(path, notFound);
        }

        var length = new FileInfo(path).Length;
        if (length != bytes)
        {
            throw new ModelFileException(path, $"is {length} bytes, its card says {bytes} (truncated or replaced?)", "bytes");
        }

        var sha = Sha256Of(path);
        if (!string.Equals(sha, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelFileException(path, $"SHA-256 {sha} does not match its card's {sha256} (corrupted or replaced)", "sha256");
        }

        return path;
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
