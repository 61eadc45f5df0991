using MusicGen.Live.Engine.Config;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Engine.Tests.Config;

public sealed class EngineConfigLoaderTests
{
    [Fact]
    public void The_shipped_config_loads_with_the_documented_defaults()
    {
        var options = EngineConfigLoader.Load(RepoPaths.InRepo("configs", "engine.json"));
        var defaults = new EngineOptions();
        Assert.Equal(defaults.Humanize.Mode, options.Humanize.Mode);
        Assert.Equal("large", options.Humanize.Model);
        Assert.Equal(defaults.Humanize.Model, options.Humanize.Model);
        Assert.Equal("note", EngineConfigLoader.Parse("""{ "humanize": { "model": "note" } }""", "test.json").Humanize.Model);
        Assert.Equal(ModelRuntime.Native, options.Runtime);
        Assert.Equal(ModelRuntime.Onnx, EngineConfigLoader.Parse("""{ "runtime": "onnx" }""", "test.json").Runtime);
        Assert.Equal(GeneratorModel.Transformer, options.Continuation.Generator);

        // The placeholders only by name: a config that asks for them gets them.
        var placeholders = EngineConfigLoader.Parse("""{ "humanize": { "model": "contour" }, "continuation": { "generator": "echo" } }""", "test.json");
        Assert.Equal("contour", placeholders.Humanize.Model);
        Assert.Equal(GeneratorModel.Echo, placeholders.Continuation.Generator);
        Assert.Equal(defaults.Continuation.Mode, options.Continuation.Mode);
        Assert.Equal(defaults.Continuation.Channel, options.Continuation.Channel);
        Assert.Equal(defaults.Controls.Panic, options.Controls.Panic);
        Assert.Equal(defaults.Humanize.Expression, options.Humanize.Expression);
        Assert.Equal(defaults.Controls.HumanizeExpression, options.Controls.HumanizeExpression);
        Assert.Equal(defaults.Sampling, options.Sampling);
    }

    [Theory]
    [InlineData("""{ }""", 1.35)]
    [InlineData("""{ "humanize": { "model": "note" } }""", 1.5)]
    [InlineData("""{ "humanize": { "model": "note", "expression": null } }""", 1.5)]
    [InlineData("""{ "humanize": { "model": "note", "expression": 0.5 } }""", 0.5)]
    [InlineData("""{ "humanize": { "model": "large", "expression": 0 } }""", 0)]
    [InlineData("""{ "humanize": { "model": "contour" } }""", 0)]
    public void Each_model_starts_at_its_own_expression_unless_the_config_names_one(string json, double expected)
    {
        var options = EngineConfigLoader.Parse(json, "test.json");
        Assert.Equal(expected, options.Humanize.EffectiveExpression, 6);
    }

    [Theory]
    [InlineData("""{ "humanize": { "amout": 1 } }""", "humanize.amout", "unknown key")]
    [InlineData("""{ "continuation": { "channel": 17 } }""", "continuation.channel", "1-16")]
    [InlineData("""{ "continuation": { "channel": "two" } }""", "continuation.channel", "integer")]
    [InlineData("""{ "humanize": { "mode": "loud" } }""", "humanize.mode", "'loud'")]
    [InlineData("""{ "runtime": "gpu" }""", "runtime", "'gpu' is not native or onnx")]
    [InlineData("""{ "humanize": { "expression": 2 } }""", "humanize.expression", "between 0 and 1.5")]
    [InlineData("""{ "humanize": { "model": "huge" } }""", "humanize.model", "'huge' is not large, offline, note or contour")]
    [InlineData("""{ "humanize": { "model": "ensemble" } }""", "humanize.model", "'ensemble' is not large, offline, note or contour")]
    [InlineData("""{ "humanize": { "model": "Note" } }""", "humanize.model", "'Note' is not large, offline, note or contour")]
    [InlineData("""{ "humanize": { "model": "offline" } }""", "humanize.model", "needs humanize.mode \"lookahead\"")]
    [InlineData("""{ "humanize": { "mode": "causal", "model": "offline" } }""", "humanize.model", "runs the bidirectional StyleNet within the look-ahead window")]
    [InlineData("""{ "continuation": { "generator": "markov" } }""", "continuation.generator", "'markov' is not transformer or echo")]
    [InlineData("""{ "sampling": { "pitch": { "topP": 0 } } }""", "sampling.pitch.topP", "(0, 1]")]
    [InlineData("""{ "controls": { "panic": 300 } }""", "controls.panic", "0-127")]
    [InlineData("""{ "ports": [] }""", "ports", "object")]
    [InlineData("""{ "safety": { "polyphonyCap": 0, } }""", "safety.polyphonyCap", "between")]
    public void A_bad_key_is_named(string json, string key, string reason)
    {
        var ex = Assert.Throws<EngineConfigException>(() => EngineConfigLoader.Parse(json, "test.json"));
        Assert.Equal(key, ex.Key);
        Assert.Contains(reason, ex.Message);
        Assert.StartsWith("test.json: ", ex.Message);
    }

    [Theory]
    [InlineData("lookahead")]
    [InlineData("off")]
    public void The_bidirectional_model_is_accepted_outside_causal_mode(string mode)
    {
        var options = EngineConfigLoader.Parse($$"""{ "humanize": { "mode": "{{mode}}", "model": "offline" } }""", "test.json");
        Assert.Equal("offline", options.Humanize.Model);
        Assert.True(VelocityModel.NeedsLookahead("offline"));
        Assert.False(VelocityModel.NeedsLookahead("note"));
        options.Humanize.Mode = HumanizeMode.Causal; // a command-line override to causal is checked again
        Assert.Equal("humanize.model", Assert.Throws<EngineConfigException>(() => EngineConfigLoader.Validate(options, "command line")).Key);
    }

    [Fact]
    public void An_undefined_model_set_in_code_is_named_by_validation()
    {
        var options = new EngineOptions();
        options.Humanize.Model = "huge";
        Assert.Equal("humanize.model", Assert.Throws<EngineConfigException>(() => EngineConfigLoader.Validate(options, "test")).Key);
        options = new EngineOptions();
        options.Continuation.Generator = (GeneratorModel)7;
        Assert.Equal("continuation.generator", Assert.Throws<EngineConfigException>(() => EngineConfigLoader.Validate(options, "test")).Key);
    }

    [Fact]
    public void A_field_given_in_part_keeps_its_own_defaults_for_the_rest()
    {
        var options = EngineConfigLoader.Parse("""{ "sampling": { "time": { "topP": 0.9 } } }""", "test.json");
        var defaults = new EngineOptions().Sampling;
        Assert.Equal(0.9f, options.Sampling.Time.TopP);
        Assert.Equal(defaults.Time.Temperature, options.Sampling.Time.Temperature);
        Assert.NotEqual(defaults.Pitch.Temperature, defaults.Time.Temperature); // per-field defaults, not one shared value
        Assert.Equal(defaults.Pitch, options.Sampling.Pitch);
    }

    [Fact]
    public void Broken_json_names_the_line()
    {
        var ex = Assert.Throws<EngineConfigException>(() => EngineConfigLoader.Parse("{\n \"humanize\": {\n", "x.json"));
        Assert.Contains("line", ex.Key);
    }
}
