using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Tests.Stages;

/// <summary>The continuation style from config and CC reaches the phrase model, and only a model with styles.</summary>
public sealed class PhraseStyleWiringTests
{
    private static readonly int[] s_pitches = [60, 62, 64, 65, 67, 65, 64, 62];

    [Fact]
    public void Config_style_is_read_and_a_bad_one_is_named()
    {
        Assert.Equal(StyleNetStyle.Pop, EngineConfigLoader.Parse("""{ "continuation": { "style": "pop" } }""", "t.json").Continuation.Style);
        Assert.Null(EngineConfigLoader.Parse("""{ "continuation": { "style": "none" } }""", "t.json").Continuation.Style);
        Assert.Equal(40, EngineConfigLoader.Parse("""{ "controls": { "continuationStyle": 40 } }""", "t.json").Controls.ContinuationStyle);
        var e = Assert.Throws<EngineConfigException>(() => EngineConfigLoader.Parse("""{ "continuation": { "style": "jazz" } }""", "t.json"));
        Assert.Equal("continuation.style", e.Key);
        Assert.Contains("'jazz' is not none, classical or pop", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_style_cc_sets_the_style_by_thirds_and_is_consumed()
    {
        var options = new EngineOptions();
        options.Continuation.Style = StyleNetStyle.Classical;
        var rig = new EngineRig(options);
        Assert.Equal(StyleNetStyle.Classical, rig.Processor.Sampling.Style);
        rig.Play(0, 0xB0, 85, 127);
        Assert.Equal(StyleNetStyle.Pop, rig.Processor.Sampling.Style);
        rig.Play(1, 0xB0, 85, 0);
        Assert.Null(rig.Processor.Sampling.Style);
        rig.Play(2, 0xB0, 85, 64);
        Assert.Equal(StyleNetStyle.Classical, rig.Processor.Sampling.Style);
        Assert.Empty(rig.Output.Messages);
    }

    [Fact]
    public void A_styled_model_continues_in_the_style_the_cc_chose()
    {
        var model = PhraseTransformerModel.Random(new Random(5), new PhraseTransformerConfig { Layers = 2, ModelDim = 32, Heads = 2, MlpDim = 64, Window = 64, Styles = 2 });
        var phrase = new PhraseGenerator(model, 7);
        var generator = new PhraseTransformerGenerator(phrase);
        Assert.True(generator.HasStyles);
        var options = new EngineOptions();
        options.Continuation.LengthBars = 1;
        var rig = new EngineRig(options, generator: generator);
        rig.Play(0, 0xB0, 85, 127);
        rig.Phrase(10, 8, 250, 200, s_pitches);
        rig.AdvanceTo(3500);
        Assert.Contains(rig.Output.Messages, m => m.IsNoteOn && m.Channel == 1);
        Assert.Equal((int)StyleNetStyle.Pop, phrase.Style);
        Assert.Equal(0, rig.Metrics.Faults);
    }

    [Fact]
    public void A_styleless_model_ignores_the_style_and_keeps_answering()
    {
        var phrase = RandomModels.Phrase();
        var generator = new PhraseTransformerGenerator(phrase);
        Assert.False(generator.HasStyles);
        var options = new EngineOptions();
        options.Continuation.LengthBars = 1;
        var rig = new EngineRig(options, generator: generator);
        rig.Play(0, 0xB0, 85, 127);
        rig.Phrase(10, 8, 250, 200, s_pitches);
        rig.AdvanceTo(3500);
        Assert.Contains(rig.Output.Messages, m => m.IsNoteOn && m.Channel == 1);
        Assert.Equal(PhraseRunState.NoStyle, phrase.Style);
        Assert.Equal(0, rig.Metrics.Faults);
    }
}
