using System.Text.Json;
using MusicGen.Live.Midi;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Models.Tests.PhraseTransformer;

/// <summary>
/// Style conditioning of the phrase model: the style path against PyTorch (tools/golden_phrase.py), and models
/// without styles (the shipped one) unchanged by it.
/// </summary>
public sealed class PhraseStyleTests
{
    // tools/golden_phrase.py's config.
    private static readonly PhraseTransformerConfig s_golden = new()
    {
        Layers = 2, ModelDim = 32, Heads = 4, MlpDim = 64, Window = 32, ShiftBins = 8, DurationBins = 6, VelocityBins = 4,
        LowestPitch = 60, HighestPitch = 71, Styles = 2,
    };

    [Fact]
    public void Style_path_matches_pytorch_in_full_passes_steps_and_field_chain()
    {
        var golden = SafeTensors.Read(RepoPaths.InRepo("tests", "MusicGen.Live.Models.Tests", "Golden", "phrase_style.safetensors"));
        var model = PhraseTransformerModel.Load(golden, s_golden);
        var rows = golden.All["tokens"];
        var n = rows.Dim(0);
        var tokens = new PhraseToken[n];
        for (var t = 0; t < n; t++)
        {
            tokens[t] = FromRows(model.Encoding, rows.Data.AsSpan(t * PhraseToken.FieldCount, PhraseToken.FieldCount));
        }

        var d = s_golden.ModelDim;
        foreach (var (name, style) in new[] { ("s0", (int)StyleNetStyle.Classical), ("s1", (int)StyleNetStyle.Pop), ("none", PhraseRunState.NoStyle) })
        {
            var expected = golden.All[$"hidden.{name}"].Data;
            var full = new PhraseRunState(s_golden, n) { Style = style };
            var hidden = new float[n * d];
            model.Forward(tokens, hidden, full);
            AssertClose($"full pass, style {name}", hidden, expected);

            var step = new PhraseRunState(s_golden) { Style = style };
            for (var t = 0; t < n; t++)
            {
                model.Observe(tokens[t], step);
                AssertClose($"step {t}, style {name}", step.Hidden, expected.AsSpan(t * d, d));
            }
        }

        // The three styles must differ, or the comparison above would not see a style that is ignored.
        Assert.NotEqual(golden.All["hidden.s0"].Data, golden.All["hidden.s1"].Data);

        var lp = golden.All["logprob.s1"].Data;
        var s1 = new PhraseRunState(s_golden, n) { Style = (int)StyleNetStyle.Pop };
        var h = new float[n * d];
        model.Forward(tokens, h, s1);
        var logits = new float[model.MaxClasses()];
        var got = new double[PhraseToken.FieldCount];
        for (var t = 0; t + 1 < n; t++)
        {
            model.ScoreFields(h.AsSpan(t * d, d), tokens[t + 1], s1, logits, got);
            for (var f = 0; f < got.Length; f++)
            {
                Assert.True(Math.Abs(got[f] - lp[(t * PhraseToken.FieldCount) + f]) < 1e-4, $"row {t} field {(PhraseField)f}: {got[f]} vs PyTorch {lp[(t * PhraseToken.FieldCount) + f]}");
            }
        }
    }

    [Fact]
    public void Shipped_model_has_no_styles_and_its_card_does_not_gain_the_field()
    {
        var stem = RepoPaths.InRepo(PhraseTransformerFile.DefaultStem);
        var (model, card) = PhraseTransformerFile.Load(stem);
        if (model.Config.Styles > 0)
        {
            // A styled model shipped: the card names its styles and the style table is in the weights.
            Assert.Contains("\"styles\"", File.ReadAllText(stem + ".json"), StringComparison.Ordinal);
            Assert.True(model.ToNamedTensors().Contains(PhraseTransformerModel.StylePrefix + "weight"));
            return;
        }

        Assert.False(card.Config.ContainsKey("styles"));
        Assert.False(ModelCard.ConfigOf(model.Config).ContainsKey("styles"));
        Assert.False(model.ToNamedTensors().Contains(PhraseTransformerModel.StylePrefix + "weight"));
        var state = new PhraseRunState(model.Config);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => state.Style = (int)StyleNetStyle.Pop);
        Assert.Contains("no style conditioning", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_style_table_gives_exactly_the_styleless_model_for_every_style()
    {
        var stem = RepoPaths.InRepo(PhraseTransformerFile.DefaultStem);
        var (shipped, _) = PhraseTransformerFile.Load(stem);
        var tensors = shipped.ToNamedTensors();
        var styles = 2;
        var config = shipped.Config with { Styles = styles };
        if (shipped.Config.Styles > 0)
        {
            // A styled model shipped: compare against its own weights with the table zeroed, as style-less.
            var plain = new NamedTensors();
            foreach (var (k, v) in tensors.All.Where(kv => kv.Key != PhraseTransformerModel.StylePrefix + "weight"))
            {
                plain.Add(k, v);
            }

            tensors = plain;
            shipped = PhraseTransformerModel.Load(plain, shipped.Config with { Styles = 0 });
        }

        tensors.Add(PhraseTransformerModel.StylePrefix + "weight", new Tensor(new float[(styles + 1) * config.ModelDim], [styles + 1, config.ModelDim]));
        var styled = PhraseTransformerModel.Load(tensors, config);
        var events = PhraseMidi.ReadEvents(MidiFile.Read(PhraseDecodePrecisionTests.TestSplitPiece()));
        var plainState = new PhraseRunState(shipped.Config);
        var states = new[] { (int)StyleNetStyle.Classical, (int)StyleNetStyle.Pop, PhraseRunState.NoStyle }.Select(s => new PhraseRunState(config) { Style = s }).ToArray();
        foreach (var ev in events.Take(40))
        {
            var token = shipped.Encoding.Encode(ev);
            shipped.Observe(token, plainState);
            foreach (var s in states)
            {
                styled.Observe(token, s);
                Assert.Equal(plainState.Hidden, s.Hidden);
            }
        }
    }

    [Fact]
    public void Styles_outside_the_model_are_refused_naming_the_range()
    {
        var state = new PhraseRunState(s_golden);
        Assert.Contains("0..1", Assert.Throws<ArgumentOutOfRangeException>(() => state.Style = 2).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Style = -2);
        state.Style = PhraseRunState.NoStyle;
        Assert.Equal(PhraseRunState.NoStyle, state.Style);
        Assert.Throws<InvalidDataException>(() => (s_golden with { Styles = 17 }).Validate());
    }

    private static PhraseToken FromRows(PhraseEncoding enc, ReadOnlySpan<float> row)
    {
        var v = new int[PhraseToken.FieldCount];
        for (var f = 0; f < v.Length; f++)
        {
            v[f] = (int)row[f] == enc.ClassCount(f) ? PhraseToken.None : (int)row[f];
        }

        return new PhraseToken(v[0], v[1], v[2], v[3], v[4]);
    }

    private static void AssertClose(string what, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"{what}: element {i} is {actual[i]}, PyTorch {expected[i]}");
        }
    }
}
