using System.Text.Json.Serialization;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>Training settings of the article (piano-roll) StyleNet (the <c>article</c> object of configs/training/stylenet.json), as the article trained it.</summary>
public sealed record ArticleTrainingConfig
{
    [JsonPropertyName("run_dir")]
    public string RunDir { get; init; } = "runs/stylenet-article";

    [JsonPropertyName("hidden")]
    public int Hidden { get; init; } = 64;

    [JsonPropertyName("genre_layers")]
    public int GenreLayers { get; init; } = 2;

    [JsonPropertyName("seq_len")]
    public int SeqLen { get; init; } = 128;

    [JsonPropertyName("batch")]
    public int Batch { get; init; } = 4;

    [JsonPropertyName("epochs")]
    public int Epochs { get; init; } = 10;

    [JsonPropertyName("steps_per_epoch")]
    public int StepsPerEpoch { get; init; } = 200;

    [JsonPropertyName("patience")]
    public int Patience { get; init; } = 3;

    [JsonPropertyName("lr")]
    public float LearningRate { get; init; } = 1e-3f;

    [JsonPropertyName("dropout")]
    public float Dropout { get; init; } = 0.2f;

    [JsonPropertyName("seed")]
    public ulong Seed { get; init; } = 1;

    [JsonPropertyName("checkpoint_every")]
    public int CheckpointEvery { get; init; } = 50;

    [JsonPropertyName("pop_fraction")]
    public float PopFraction { get; init; } = 0.25f;

    public void Validate()
    {
        if (Hidden < 1 || GenreLayers < 1 || SeqLen < 4 || Batch < 1 || Epochs < 1 || StepsPerEpoch < 1 || Patience < 1 || CheckpointEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Hidden), "article training config: sizes, epochs and steps must be positive (seq_len >= 4)");
        }

        if (Dropout is < 0 or >= 1 || PopFraction is < 0 or > 1 || LearningRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), "article training config: dropout in [0, 1), pop_fraction in [0, 1], lr > 0");
        }
    }
}
