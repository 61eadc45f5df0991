using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.Tests.StyleNet;

public sealed class ModelCardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicgen-card-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Ship(NoteStyleNetConfig config, NamedTensors tensors)
    {
        var weights = Path.Combine(_dir, "stylenet-note.safetensors");
        SafeTensors.Write(weights, tensors);
        var card = new ModelCard
        {
            Name = "t",
            Kind = ModelCard.NoteKind,
            Config = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(config))!,
        };
        var cardPath = Path.Combine(_dir, "stylenet-note.json");
        card.Write(cardPath, weights);
        return cardPath;
    }

    [Fact]
    public void A_shipped_model_loads_and_predicts_like_the_original()
    {
        var config = StyleNetTestData.SmallNote();
        var cardPath = Ship(config, StyleNetTestData.NoteTensors(config));
        var loaded = NoteStyleNet.Load(cardPath);
        var notes = StyleNetTestData.Notes(100);
        var a = new float[100];
        var b = new float[100];
        loaded.Predict(notes, 0.5f, StyleNetStyle.Classical, a);
        StyleNetTestData.Note().Predict(notes, 0.5f, StyleNetStyle.Classical, b);
        Assert.Equal(b, a);
        Assert.Equal(ModelCard.Sha256Of(Path.Combine(_dir, "stylenet-note.safetensors")), ModelCard.Read(cardPath).Sha256);
    }

    [Fact]
    public void One_flipped_byte_fails_the_checksum_naming_the_file()
    {
        var cardPath = Ship(StyleNetTestData.SmallNote(), StyleNetTestData.NoteTensors(StyleNetTestData.SmallNote()));
        var weights = Path.Combine(_dir, "stylenet-note.safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[^7] ^= 0x40;
        File.WriteAllBytes(weights, bytes);
        var ex = Assert.Throws<ModelFileException>(() => NoteStyleNet.Load(cardPath));
        Assert.Contains("SHA-256", ex.Message, StringComparison.Ordinal);
        Assert.Contains("stylenet-note.safetensors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_or_missing_weights_file_is_reported_by_size_or_absence()
    {
        var cardPath = Ship(StyleNetTestData.SmallNote(), StyleNetTestData.NoteTensors(StyleNetTestData.SmallNote()));
        var weights = Path.Combine(_dir, "stylenet-note.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..^100]);
        Assert.Contains("bytes", Assert.Throws<ModelFileException>(() => NoteStyleNet.Load(cardPath)).Message, StringComparison.Ordinal);
        File.Delete(weights);
        Assert.Contains("not found", Assert.Throws<ModelFileException>(() => NoteStyleNet.Load(cardPath)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_that_do_not_fit_the_card_config_name_the_tensor()
    {
        // Weights of a 12-unit model under a card that claims 16 units.
        var cardPath = Ship(StyleNetTestData.SmallNote() with { Hidden = 16 }, StyleNetTestData.NoteTensors(StyleNetTestData.SmallNote()));
        var ex = Assert.Throws<ModelFileException>(() => NoteStyleNet.Load(cardPath));
        Assert.Contains("lstm.weight_ih_l0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_of_another_kind_or_broken_json_is_refused()
    {
        var cardPath = Ship(StyleNetTestData.SmallNote(), StyleNetTestData.NoteTensors(StyleNetTestData.SmallNote()));
        Assert.Contains("expected 'stylenet-article'", Assert.Throws<ModelFileException>(() => ArticleStyleNet.Load(cardPath)).Message, StringComparison.Ordinal);
        File.WriteAllText(cardPath, "{ not json");
        Assert.Contains("not valid JSON", Assert.Throws<ModelFileException>(() => NoteStyleNet.Load(cardPath)).Message, StringComparison.Ordinal);
    }
}
