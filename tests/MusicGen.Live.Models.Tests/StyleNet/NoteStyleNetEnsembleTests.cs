using System.Text.Json;
using System.Text.Json.Nodes;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.Tests.StyleNet;

public sealed class NoteStyleNetEnsembleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicgen-ensemble-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Two members of different shapes, as shipped: a wide one and a narrow one without the input-dynamics features.
    private static NoteStyleNetConfig Wide => new() { Hidden = 12, Layers = 2, HeadHidden = 6 };

    private static NoteStyleNetConfig NarrowLegacy => new() { Hidden = 8, Layers = 1, HeadHidden = 4, Input = NoteFeatures.LegacySize };

    private static NamedTensors WideTensors => StyleNetTestData.NoteTensors(Wide, seed: 1);

    private static NamedTensors NarrowTensors => StyleNetTestData.NoteTensors(NarrowLegacy, seed: 7);

    private static NoteStyleNetEnsemble Direct() =>
        new([NoteStyleNet.FromTensors(WideTensors, Wide), NoteStyleNet.FromTensors(NarrowTensors, NarrowLegacy)]);

    private string Ship()
    {
        var weights = Path.Combine(_dir, "ens.safetensors");
        SafeTensors.Write(weights, Direct().ToTensors());
        var card = new ModelCard { Name = "ens", Kind = NoteStyleNetEnsemble.Kind, Config = (JsonObject)JsonNode.Parse(JsonSerializer.Serialize(Direct().Config))! };
        var cardPath = Path.Combine(_dir, "ens.json");
        card.Write(cardPath, weights);
        return cardPath;
    }

    [Fact]
    public void Velocities_are_the_mean_of_the_members()
    {
        var a = NoteStyleNet.FromTensors(WideTensors, Wide);
        var b = NoteStyleNet.FromTensors(NarrowTensors, NarrowLegacy);
        var notes = StyleNetTestData.Notes(150);
        var va = new float[150];
        var vb = new float[150];
        var ve = new float[150];
        a.Predict(notes, 0.5f, StyleNetStyle.Classical, va);
        b.Predict(notes, 0.5f, StyleNetStyle.Classical, vb);
        new NoteStyleNetEnsemble([a, b]).Predict(notes, 0.5f, StyleNetStyle.Classical, ve);

        Assert.NotEqual(va, vb); // otherwise the mean could not tell a wrong weighting
        for (var i = 0; i < notes.Length; i++)
        {
            Assert.Equal((va[i] + vb[i]) / 2, ve[i], 1e-4f);
        }
    }

    [Fact]
    public void A_member_of_weight_two_counts_as_that_member_listed_twice()
    {
        var a = NoteStyleNet.FromTensors(WideTensors, Wide);
        var b = NoteStyleNet.FromTensors(NarrowTensors, NarrowLegacy);
        var notes = StyleNetTestData.Notes(120);
        var twice = new float[120];
        var weighted = new float[120];
        var equal = new float[120];
        new NoteStyleNetEnsemble([a, b, b]).Predict(notes, 0.5f, StyleNetStyle.Classical, twice);
        new NoteStyleNetEnsemble([a, b], [1f, 2f]).Predict(notes, 0.5f, StyleNetStyle.Classical, weighted);
        new NoteStyleNetEnsemble([a, b]).Predict(notes, 0.5f, StyleNetStyle.Classical, equal);

        for (var i = 0; i < notes.Length; i++)
        {
            Assert.Equal(twice[i], weighted[i], 1e-4f);
        }

        Assert.True(weighted.Zip(equal).Max(p => Math.Abs(p.First - p.Second)) > 1e-3f); // the weights changed something
    }

    [Fact]
    public void Weights_ship_in_the_config_and_survive_bounding_to_the_lookahead()
    {
        var bidi = Wide with { Bidirectional = true };
        var offline = OfflineNoteStyleNet.FromTensors(StyleNetTestData.NoteTensors(bidi, seed: 3), bidi);
        var direct = new NoteStyleNetEnsemble([NoteStyleNet.FromTensors(WideTensors, Wide), offline], [1f, 3f]);
        var json = JsonSerializer.Serialize(direct.Config);
        Assert.Contains("\"weights\":[1,3]", json, StringComparison.Ordinal);
        Assert.DoesNotContain("weights", JsonSerializer.Serialize(Direct().Config), StringComparison.Ordinal); // equal: as before
        var loaded = NoteStyleNetEnsemble.FromTensors(direct.ToTensors(), JsonSerializer.Deserialize<NoteStyleNetEnsembleConfig>(json)!);

        var notes = StyleNetTestData.Notes(90);
        var x = new float[90];
        var y = new float[90];
        loaded.WithinLookahead().Predict(notes, 0.3f, StyleNetStyle.Classical, x);
        direct.WithinLookahead().Predict(notes, 0.3f, StyleNetStyle.Classical, y);
        Assert.Equal(y, x);

        var equal = new float[90];
        new NoteStyleNetEnsemble([NoteStyleNet.FromTensors(WideTensors, Wide), offline]).WithinLookahead().Predict(notes, 0.3f, StyleNetStyle.Classical, equal);
        Assert.NotEqual(equal, x);
    }

    [Theory]
    [InlineData(new[] { 1f }, "1 given for 2 members")]
    [InlineData(new[] { 1f, 0f }, "weights[1]")]
    [InlineData(new[] { float.NaN, 1f }, "weights[0]")]
    public void Wrong_weights_are_refused_and_say_which(float[] weights, string expected)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new NoteStyleNetEnsemble([NoteStyleNet.FromTensors(WideTensors, Wide), NoteStyleNet.FromTensors(NarrowTensors, NarrowLegacy)], weights));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_with_a_wrong_weight_count_names_the_file()
    {
        var cardPath = Ship();
        var card = JsonNode.Parse(File.ReadAllText(cardPath))!;
        card["config"]!["weights"] = new JsonArray(1, 2, 3);
        File.WriteAllText(cardPath, card.ToJsonString());

        var ex = Assert.Throws<ModelFileException>(() => NoteStyleNetEnsemble.Load(cardPath));
        Assert.Contains("ens.safetensors", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 given for 2 members", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shipped_ensemble_loads_every_member_from_one_file_and_predicts_the_same()
    {
        var loaded = NoteStyleNetEnsemble.Load(Ship());
        var direct = Direct();
        var notes = StyleNetTestData.Notes(80);
        var x = new float[80];
        var y = new float[80];
        loaded.Predict(notes, 1f, StyleNetStyle.Pop, x);
        direct.Predict(notes, 1f, StyleNetStyle.Pop, y);

        Assert.Equal(y, x);
        Assert.Equal(2, loaded.Members.Count);
        Assert.Equal(NarrowLegacy, loaded.Members[1].Config);
        Assert.True(loaded.ReadsInputDynamics); // the wide member reads them
    }

    [Fact]
    public void A_card_whose_config_misses_a_member_names_the_file_and_tensor()
    {
        var cardPath = Ship();
        var card = JsonNode.Parse(File.ReadAllText(cardPath))!;
        card["config"]!["members"]!.AsArray().Add(JsonNode.Parse(JsonSerializer.Serialize(Wide)));
        File.WriteAllText(cardPath, card.ToJsonString());

        var ex = Assert.Throws<ModelFileException>(() => NoteStyleNetEnsemble.Load(cardPath));
        Assert.Contains("ens.safetensors", ex.Message, StringComparison.Ordinal);
        Assert.Contains("m2.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_model_card_is_refused_as_an_ensemble()
    {
        var weights = Path.Combine(_dir, "one.safetensors");
        SafeTensors.Write(weights, WideTensors);
        var card = new ModelCard { Name = "one", Kind = NoteStyleNet.Kind, Config = ModelCard.ConfigOf(Wide) };
        var cardPath = Path.Combine(_dir, "one.json");
        card.Write(cardPath, weights);

        Assert.Contains("expected 'stylenet-note-ensemble'", Assert.Throws<ModelFileException>(() => NoteStyleNetEnsemble.Load(cardPath)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_file_member_ships_and_loads_with_the_streaming_ones_and_makes_the_ensemble_whole_file()
    {
        var bidi = Wide with { Bidirectional = true };
        var offline = OfflineNoteStyleNet.FromTensors(StyleNetTestData.NoteTensors(bidi, seed: 3), bidi);
        var direct = new NoteStyleNetEnsemble([NoteStyleNet.FromTensors(WideTensors, Wide), offline]);
        var loaded = NoteStyleNetEnsemble.FromTensors(direct.ToTensors(), JsonSerializer.Deserialize<NoteStyleNetEnsembleConfig>(JsonSerializer.Serialize(direct.Config))!);
        Assert.IsType<OfflineNoteStyleNet>(loaded.Members[1]);
        Assert.True(loaded.ReadsWholeFile);
        Assert.False(Direct().ReadsWholeFile);

        var notes = StyleNetTestData.Notes(60);
        var x = new float[60];
        var y = new float[60];
        loaded.Predict(notes, 1f, StyleNetStyle.Classical, x);
        direct.Predict(notes, 1f, StyleNetStyle.Classical, y);
        Assert.Equal(y, x);
    }

    [Fact]
    public void The_streaming_loader_refuses_a_bidirectional_config_and_says_what_to_use()
    {
        var bidi = Wide with { Bidirectional = true };
        var ex = Assert.Throws<ArgumentException>(() => NoteStyleNet.FromTensors(StyleNetTestData.NoteTensors(bidi), bidi));
        Assert.Contains(nameof(OfflineNoteStyleNet), ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OfflineNoteStyleNet.FromTensors(WideTensors, Wide));
    }
}
