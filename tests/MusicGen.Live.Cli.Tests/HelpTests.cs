using System.CommandLine;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Models;

namespace MusicGen.Live.Cli.Tests;

/// <summary>Every verb answers --help with exit code 0 and a description.</summary>
public sealed class HelpTests
{
    public static TheoryData<string> Verbs()
    {
        var data = new TheoryData<string>();
        foreach (var path in Walk(MusicGenCli.Build(), ""))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Every_verb_has_help(string verbPath)
    {
        var args = verbPath.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();
        var output = new StringWriter();
        var result = MusicGenCli.Build().Parse(args);
        var exit = result.Invoke(new InvocationConfiguration { Output = output });
        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output.ToString());
    }

    [Fact]
    public void Unknown_verb_fails_with_non_zero_exit()
    {
        var error = new StringWriter();
        var exit = MusicGenCli.Build().Parse(["no-such-verb"]).Invoke(new InvocationConfiguration { Error = error, Output = new StringWriter() });
        Assert.NotEqual(0, exit);
    }

    [Theory]
    [InlineData("live", "--velocity-model", true)]
    [InlineData("bench engine", "--velocity-model", true)]
    [InlineData("humanize", "--model", false)]
    public void Model_options_list_the_catalog_s_names_and_summaries(string verbPath, string optionName, bool streamingOnly)
    {
        Command command = MusicGenCli.Build();
        foreach (var verb in verbPath.Split(' '))
        {
            command = command.Subcommands.Single(c => c.Name == verb);
        }

        var description = command.Options.Single(o => o.Name == optionName).Description!;
        var entries = ModelCatalog.Velocity.Where(e => e.Streams || e.StreamsWithinLookahead || !streamingOnly).ToList();
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            Assert.Contains($"{entry.Name} ({entry.Summary}", description, StringComparison.Ordinal);
            if (streamingOnly && VelocityModel.NeedsLookahead(entry.Name))
            {
                Assert.Contains($"{entry.Name} ({entry.Summary}; --humanize lookahead only)", description, StringComparison.Ordinal);
            }
        }

        foreach (var other in ModelCatalog.Velocity.Except(entries))
        {
            Assert.DoesNotContain($"{other.Name} (", description, StringComparison.Ordinal);
        }

        if (streamingOnly)
        {
            Assert.Contains($"{VelocityModel.Contour}:", description, StringComparison.Ordinal);
            Assert.Contains($"Default: {VelocityModel.Default}.", description, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> Walk(Command command, string prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            var path = (prefix + " " + sub.Name).Trim();
            Assert.False(string.IsNullOrWhiteSpace(sub.Description), $"'{path}' needs a description");
            yield return path;
            foreach (var deeper in Walk(sub, path))
            {
                yield return deeper;
            }
        }
    }
}
