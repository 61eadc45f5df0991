using System.Text.Json;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>configs/training/phrase-transformer.json: { "model": <see cref="PhraseTransformerConfig"/>, "training": <see cref="PhraseTrainingOptions"/> }.</summary>
public sealed record PhraseTrainingConfig(PhraseTransformerConfig Model, PhraseTrainingOptions Training)
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static PhraseTrainingConfig Load(string path)
    {
        PhraseTrainingConfig? c;
        try
        {
            c = JsonSerializer.Deserialize<PhraseTrainingConfig>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        if (c?.Model is null || c.Training is null)
        {
            throw new InvalidDataException($"{path}: needs both a \"model\" and a \"training\" section");
        }

        c.Model.Validate();
        c.Training.Validate();
        if (c.Training.Seq > c.Model.Window)
        {
            throw new InvalidDataException($"{path}: training seq {c.Training.Seq} exceeds the model window {c.Model.Window}");
        }

        if ((c.Training.Datasets is not null) != (c.Model.Styles > 0))
        {
            throw new InvalidDataException($"{path}: training datasets and model styles go together (datasets {(c.Training.Datasets is null ? "unset" : "set")}, styles {c.Model.Styles})");
        }

        return c;
    }
}
