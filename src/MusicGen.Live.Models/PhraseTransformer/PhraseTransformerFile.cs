using System.Text.Json;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// Loads and saves a phrase model as <c>NAME.safetensors</c> + <c>NAME.json</c> (the <see cref="PhraseModelCard"/>).
/// Loading checks the card's format, config and the weights' SHA-256, then every tensor's name, shape and dtype
/// (through <see cref="NamedTensors.Require"/>); any mismatch is an <see cref="InvalidDataException"/> naming the file.
/// </summary>
public static class PhraseTransformerFile
{
    public const string CardFormat = "musicgen-phrase-transformer/1";

    /// <summary>Path stem of the shipped model, relative to the repository root.</summary>
    public const string DefaultStem = "models/phrase-transformer";

    public static (PhraseTransformerModel Model, PhraseModelCard Card) Load(string stem)
    {
        var cardPath = stem + ".json";
        var weightsPath = stem + ".safetensors";
        var card = ReadCard(cardPath);
        var hash = ModelCard.Sha256Of(weightsPath);
        if (!string.Equals(hash, card.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{weightsPath}: SHA-256 {hash} does not match the card's {card.Sha256 ?? "(none)"}");
        }

        try
        {
            return (PhraseTransformerModel.Load(SafeTensors.Read(weightsPath), card.Config), card);
        }
        catch (WeightMismatchException e)
        {
            throw new InvalidDataException($"{weightsPath}: {e.Message}", e);
        }
    }

    public static PhraseModelCard ReadCard(string cardPath)
    {
        PhraseModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize<PhraseModelCard>(File.ReadAllText(cardPath), PhraseModelCard.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{cardPath}: {e.Message}", e);
        }

        if (card is null || card.Format != CardFormat)
        {
            throw new InvalidDataException($"{cardPath}: not a phrase transformer card (format {card?.Format ?? "missing"}, expected {CardFormat})");
        }

        try
        {
            card.Config.Validate();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{cardPath}: {e.Message}", e);
        }

        return card;
    }

    /// <summary>Writes weights then the card (with their hash), each through a temporary file and a rename.</summary>
    public static PhraseModelCard Save(string stem, NamedTensors weights, PhraseModelCard card)
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
        var saved = card with { Weights = Path.GetFileName(weightsPath), Sha256 = ModelCard.Sha256Of(weightsPath), Parameters = weights.All.Values.Sum(t => (long)t.Length) };
        WriteCard(stem + ".json", saved);
        return saved;
    }

    public static void WriteCard(string cardPath, PhraseModelCard card)
    {
        File.WriteAllText(cardPath + ".tmp", JsonSerializer.Serialize(card, PhraseModelCard.Json));
        File.Move(cardPath + ".tmp", cardPath, overwrite: true);
    }
}
