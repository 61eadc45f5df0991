using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>configs/training/stylenet.json: where the data and cache are, and the settings of each StyleNet. Validated at load.</summary>
public sealed record StyleNetTrainingConfig
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Data folder, relative to the repository root.</summary>
    [JsonPropertyName("data")]
    public string Data { get; init; } = "../shared/data";

    [JsonPropertyName("cache")]
    public string Cache { get; init; } = "runs/cache/stylenet-data.bin";

    [JsonPropertyName("threads")]
    public int Threads { get; init; } = 2;

    [JsonPropertyName("note")]
    public NoteTrainingConfig Note { get; init; } = new();

    [JsonPropertyName("article")]
    public ArticleTrainingConfig Article { get; init; } = new();

    public static StyleNetTrainingConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"config {path} not found", path);
        }

        StyleNetTrainingConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<StyleNetTrainingConfig>(File.ReadAllText(path), s_json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"config {path}: {ex.Message}", ex);
        }

        if (config is null)
        {
            throw new InvalidDataException($"config {path} is empty");
        }

        try
        {
            config.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"config {path}: {ex.Message}", ex);
        }

        return config;
    }

    public void Validate()
    {
        if (Threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "threads must be at least 1");
        }

        Note.Validate();
        Article.Validate();
    }
}
