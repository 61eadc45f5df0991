using MusicGen.Live.Models.Cards;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// Loads and saves a phrase model as <c>NAME.safetensors</c> + <c>NAME.json</c> (a <see cref="ModelCard"/> of kind
/// <see cref="Kind"/> whose config is a <see cref="PhraseTransformerConfig"/>). Loading checks the card (kind, format,
/// config), the weights' size and SHA-256, then every tensor's name, shape and dtype (through
/// <see cref="NamedTensors.Require"/>); any mismatch is a <see cref="ModelFileException"/> naming the file.
/// </summary>
public static class PhraseTransformerFile
{
    public const string Kind = "phrase-transformer";

    /// <summary>Path stem of the shipped model, relative to the repository root.</summary>
    public const string DefaultStem = "models/phrase-transformer";

    public static (PhraseTransformerModel Model, ModelCard Card) Load(string stem)
    {
        var (card, tensors) = ModelCard.LoadVerified(stem + ".json", Kind);
        var config = ConfigOf(card);
        try
        {
            return (PhraseTransformerModel.Load(tensors, config), card);
        }
        catch (WeightMismatchException e)
        {
            throw new ModelFileException(card.WeightsPath, $"does not fit its card's config: {e.Message}", null, e);
        }
    }

    /// <summary>The card alone, kind and config checked, weights not read (the ONNX runtime, recorded baselines).</summary>
    public static ModelCard ReadCard(string cardPath)
    {
        var card = ModelCard.Read(cardPath);
        if (card.Kind != Kind)
        {
            throw new ModelFileException(cardPath, $"is a '{card.Kind}' model, expected '{Kind}'", "kind");
        }

        _ = ConfigOf(card);
        return card;
    }

    /// <summary>The card's config, validated; a bad value names the card's <c>config</c>.</summary>
    public static PhraseTransformerConfig ConfigOf(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var config = card.ReadConfig<PhraseTransformerConfig>();
        try
        {
            config.Validate();
        }
        catch (InvalidDataException e)
        {
            throw new ModelFileException(card.CardPath, e.Message, "config", e);
        }

        return config;
    }

    /// <summary>A card for a phrase model of <paramref name="config"/>; <see cref="Save"/> fills in the weights' fields.</summary>
    public static ModelCard NewCard(PhraseTransformerConfig config) =>
        new() { Name = "phrase-transformer", Kind = Kind, Config = ModelCard.ConfigOf(config) };

    /// <summary>
    /// Writes weights then the card (with their size, hash and parameter count), each through a temporary file and a
    /// rename.
    /// </summary>
    public static ModelCard Save(string stem, NamedTensors weights, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(card);
        var dir = Path.GetDirectoryName(Path.GetFullPath(stem));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        var weightsPath = stem + ".safetensors";
        SafeTensors.Write(weightsPath + ".tmp", weights);
        File.Move(weightsPath + ".tmp", weightsPath, overwrite: true);
        card.Training["parameters"] = weights.All.Values.Sum(t => (long)t.Length);
        card.Write(stem + ".json", weightsPath);
        return card;
    }
}
