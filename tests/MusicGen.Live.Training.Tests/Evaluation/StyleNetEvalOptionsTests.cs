using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.Evaluation;

namespace MusicGen.Live.Training.Tests.Evaluation;

public sealed class StyleNetEvalOptionsTests
{
    [Theory]
    [InlineData("train", null, "a.json", null)]
    [InlineData("valid", null, "a.safetensors,b.safetensors", "notated")]
    [InlineData("test", "models", "a.safetensors", null)]
    [InlineData("test", "models", "a.json", "notated")]
    public void What_can_be_recorded_passes(string split, string? ship, string note, string? rows) =>
        Options(split, ship, note, rows).Validate();

    [Theory]
    [InlineData("dev", null, "a.json", null, "--split must be train, valid or test, not 'dev'")]
    [InlineData("valid", "models", "a.json", null, "--ship records test metrics: use it with --split test")]
    [InlineData("test", "models", "a.safetensors,b.safetensors", "notated", "a card already shipped")]
    [InlineData("test", "models", "a.safetensors", "notated", "a card already shipped")]
    public void What_cannot_be_recorded_is_refused_saying_why(string split, string? ship, string note, string? rows, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => Options(split, ship, note, rows).Validate());
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_engines_precision_is_measured_but_never_shipped()
    {
        (Options("valid", null, "a.json", "live") with { Precision = StyleNetPrecision.Bf16 }).Validate();
        var e = Assert.Throws<ArgumentException>(() => (Options("test", "models", "a.json", null) with { Precision = StyleNetPrecision.Bf16 }).Validate());
        Assert.Contains("leave out --precision", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_other_pianist_comparison_is_measured_not_shipped()
    {
        (Options("test", null, "a.json", null) with { AnotherPianist = true }).Validate();
        var e = Assert.Throws<ArgumentException>(() => (Options("test", "models", "a.json", null) with { AnotherPianist = true }).Validate());
        Assert.Contains("--another-pianist", e.Message, StringComparison.Ordinal);
    }

    private static StyleNetEvalOptions Options(string split, string? ship, string note, string? rows) => new()
    {
        ConfigPath = "configs/training/stylenet.json",
        Split = split,
        ShipFolder = ship,
        NotePaths = note.Split(','),
        RowsPattern = rows,
    };
}
