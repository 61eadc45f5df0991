using System.Text.Json.Serialization;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// Shape of the article StyleNet (the article's): per genre a Bi-LSTM stack over the 176-input piano roll, a
/// shared Bi-LSTM interpretation layer, and a linear layer widening to 88 velocities (velocity/127).
/// </summary>
public sealed record ArticleStyleNetConfig
{
    [JsonPropertyName("hidden")]
    public int Hidden { get; init; } = 64;

    [JsonPropertyName("genre_layers")]
    public int GenreLayers { get; init; } = 2;

    /// <summary>Roll steps per window; training windows and inference windows have this length.</summary>
    [JsonPropertyName("window")]
    public int Window { get; init; } = 128;

    public void Validate()
    {
        if (Hidden is < 1 or > 4096 || GenreLayers is < 1 or > 8 || Window is < 4 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Hidden), $"article StyleNet config out of range: hidden {Hidden}, genre_layers {GenreLayers}, window {Window}");
        }
    }
}
