using System.Text.Json.Nodes;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Models.Tests.PhraseTransformer;
using MusicGen.Live.Models.Tests.StyleNet;
using MusicGen.Live.TestSupport;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.Tests.Cards;

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
            Kind = NoteStyleNet.Kind,
            Config = ModelCard.ConfigOf(config),
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

    [Theory]
    [InlineData("name")]
    [InlineData("kind")]
    [InlineData("format_version")]
    [InlineData("weights")]
    [InlineData("sha256")]
    [InlineData("bytes")]
    [InlineData("config")]
    public void A_card_missing_a_required_field_names_the_card_and_the_field(string field)
    {
        var cardPath = Ship(StyleNetTestData.SmallNote(), StyleNetTestData.NoteTensors(StyleNetTestData.SmallNote()));
        Edit(cardPath, card => card.Remove(field));
        var ex = Assert.Throws<ModelFileException>(() => NoteStyleNet.Load(cardPath));
        Assert.Equal(field, ex.Field);
        Assert.Equal(cardPath, ex.FilePath);
        Assert.Contains($"lacks '{field}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("stylenet-note.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_checksum_in_the_card_names_the_weights_file_and_the_field()
    {
        var cardPath = Ship(StyleNetTestData.SmallNote(), StyleNetTestData.NoteTensors(StyleNetTestData.SmallNote()));
        Edit(cardPath, card => card["sha256"] = new string('0', 64));
        var ex = Assert.Throws<ModelFileException>(() => NoteStyleNet.Load(cardPath));
        Assert.Equal("sha256", ex.Field);
        Assert.EndsWith("stylenet-note.safetensors", ex.FilePath, StringComparison.Ordinal);
        Assert.Contains("does not match its card's 0000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_of_the_wrong_kind_names_the_field_and_both_kinds()
    {
        var cardPath = Ship(StyleNetTestData.SmallNote(), StyleNetTestData.NoteTensors(StyleNetTestData.SmallNote()));
        Edit(cardPath, card => card["kind"] = "phrase-transformer");
        var ex = Assert.Throws<ModelFileException>(() => NoteStyleNet.Load(cardPath));
        Assert.Equal("kind", ex.Field);
        Assert.Contains("is a 'phrase-transformer' model, expected 'stylenet-note'", ex.Message, StringComparison.Ordinal);

        // The phrase loader reads the same format and refuses a StyleNet card the same way.
        Edit(cardPath, card => card["kind"] = NoteStyleNet.Kind);
        var phrase = Assert.Throws<ModelFileException>(() => PhraseTransformerFile.Load(Path.ChangeExtension(cardPath, null)));
        Assert.Equal("kind", phrase.Field);
        Assert.Contains("expected 'phrase-transformer'", phrase.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_version_is_refused_before_the_weights_are_read()
    {
        var cardPath = Ship(StyleNetTestData.SmallNote(), StyleNetTestData.NoteTensors(StyleNetTestData.SmallNote()));
        Edit(cardPath, card => card["format_version"] = ModelCard.CurrentFormat + 1);
        File.Delete(Path.Combine(_dir, "stylenet-note.safetensors"));
        var ex = Assert.Throws<ModelFileException>(() => ModelCard.Read(cardPath));
        Assert.Equal("format_version", ex.Field);
        Assert.Contains($"format_version {ModelCard.CurrentFormat + 1} is not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_of_the_wrong_type_or_a_config_that_does_not_fit_is_named()
    {
        var cardPath = Ship(StyleNetTestData.SmallNote(), StyleNetTestData.NoteTensors(StyleNetTestData.SmallNote()));
        Edit(cardPath, card => card["bytes"] = "many");
        Assert.Equal("bytes", Assert.Throws<ModelFileException>(() => ModelCard.Read(cardPath)).Field);

        Ship(StyleNetTestData.SmallNote(), StyleNetTestData.NoteTensors(StyleNetTestData.SmallNote()));
        Edit(cardPath, card => card["config"]!["hidden"] = "wide");
        var ex = Assert.Throws<ModelFileException>(() => NoteStyleNet.Load(cardPath));
        Assert.Equal("config.hidden", ex.Field);
        Assert.Equal(cardPath, ex.FilePath);
    }

    [Fact]
    public void A_phrase_card_with_an_invalid_config_names_the_config()
    {
        var stem = Path.Combine(_dir, "phrase");
        var config = PhraseTestData.Small();
        PhraseTransformerFile.Save(stem, PhraseTransformerModel.Random(new Random(5), config).ToNamedTensors(), PhraseTransformerFile.NewCard(config));
        Edit(stem + ".json", card => card["config"]!["heads"] = 3);
        var ex = Assert.Throws<ModelFileException>(() => PhraseTransformerFile.Load(stem));
        Assert.Equal("config", ex.Field);
        Assert.Contains("ModelDim", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_shipped_card_reads_in_the_one_format_and_its_weights_match()
    {
        var cards = Directory.GetFiles(RepoPaths.InRepo("models"), "*.json");
        Assert.NotEmpty(cards);
        foreach (var path in cards)
        {
            var card = ModelCard.Read(path);
            Assert.Equal(Path.GetFileNameWithoutExtension(path), card.Name);
            Assert.Equal(ModelCard.VerifyFile(card.WeightsPath, card.Bytes, card.Sha256, "missing"), card.WeightsPath);
            Assert.Contains(card.Kind, s_kinds);
            Assert.DoesNotContain("\"format\"", File.ReadAllText(path), StringComparison.Ordinal);
        }

        var (model, phrase) = PhraseTransformerFile.Load(RepoPaths.InRepo(PhraseTransformerFile.DefaultStem));
        Assert.Equal(phrase.TrainingFigure("parameters"), model.ToNamedTensors().All.Values.Sum(t => (long)t.Length));
    }

    private static readonly string[] s_kinds =
        [NoteStyleNet.Kind, OfflineNoteStyleNet.Kind, NoteStyleNetEnsemble.Kind, ArticleStyleNet.Kind, PhraseTransformerFile.Kind];

    private static void Edit(string cardPath, Action<JsonObject> edit)
    {
        var card = JsonNode.Parse(File.ReadAllText(cardPath))!.AsObject();
        edit(card);
        File.WriteAllText(cardPath, card.ToJsonString());
    }
}
