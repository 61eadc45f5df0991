using System.CommandLine;

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
