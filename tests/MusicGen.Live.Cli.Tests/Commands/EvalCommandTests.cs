using System.CommandLine;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests.Commands;

/// <summary>
/// <c>musicgen eval stylenet --ship</c> refuses what it cannot record before it spends minutes evaluating. Runs alone
/// because it reads the process-wide <see cref="Console.Error"/>, where the CLI reports errors.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class EvalCommandTests
{
    private static (int Exit, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = MusicGenCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });
            return (exit, error.ToString());
        }
        finally
        {
            Console.SetError(saved);
        }
    }

    [Theory]
    [InlineData("valid", "a.json", null, "--split test")]
    [InlineData("test", "a.safetensors,b.safetensors", "notated", "a card already shipped")]
    [InlineData("test", "a.safetensors", "notated", "a card already shipped")]
    [InlineData("test", "a.json", null, "--another-pianist is a reference measurement", true)]
    public void Ship_is_refused_before_the_data_is_read(string split, string note, string? rows, string expected, bool anotherPianist = false)
    {
        // The config names a data folder that does not exist: an evaluation that started would fail on it instead.
        var folder = Path.Combine(Path.GetTempPath(), $"musicgen-eval-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var config = Path.Combine(folder, "stylenet.json");
            File.WriteAllText(config, File.ReadAllText(RepoPaths.InRepo("configs", "training", "stylenet.json"))
                .Replace("\"../shared/data\"", $"\"{Path.Combine(folder, "no-data").Replace("\\", "/", StringComparison.Ordinal)}\"", StringComparison.Ordinal)
                .Replace("\"runs/cache/", $"\"{folder.Replace("\\", "/", StringComparison.Ordinal)}/cache/", StringComparison.Ordinal));
            string[] args = ["eval", "stylenet", "--config", config, "--split", split, "--article-model", "none", "--note", note, "--ship", Path.Combine(folder, "models")];
            args = rows is null ? args : [.. args, "--rows", rows];
            var (exit, error) = Run(anotherPianist ? [.. args, "--another-pianist"] : args);
            Assert.NotEqual(0, exit);
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(folder, "models")));
            Assert.False(Directory.Exists(Path.Combine(folder, "cache")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
