using System.Xml.Linq;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests;

/// <summary>Keeps the layers honest: project references point down only, as ARCHITECTURE.md draws them.</summary>
public sealed class SolutionStructureTests
{
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["MusicGen.Live.Midi"] = [],
        ["MusicGen.Live.Tensors"] = [],
        ["MusicGen.Live.Ports"] = ["MusicGen.Live.Midi"],
        ["MusicGen.Live.Models"] = ["MusicGen.Live.Midi", "MusicGen.Live.Tensors"],
        ["MusicGen.Live.Training"] = ["MusicGen.Live.Midi", "MusicGen.Live.Tensors", "MusicGen.Live.Models"],
        ["MusicGen.Live.Engine"] = ["MusicGen.Live.Midi", "MusicGen.Live.Models"],
        ["MusicGen.Live.Cli"] =
        [
            "MusicGen.Live.Midi", "MusicGen.Live.Tensors", "MusicGen.Live.Ports", "MusicGen.Live.Models",
            "MusicGen.Live.Training", "MusicGen.Live.Engine", "MusicGen.Live.Bench.Runs",
        ],
    };

    /// <summary>
    /// The projects under bench/: BenchmarkDotNet's, and the library the bench verbs call (the command line parses their
    /// options and passes its stage factory in, so the measurements never reach back into the command line).
    /// </summary>
    private static readonly Dictionary<string, string[]> s_benchAllowed = new()
    {
        ["MusicGen.Live.Bench"] = ["MusicGen.Live.Midi", "MusicGen.Live.Tensors", "MusicGen.Live.Ports", "MusicGen.Live.Models"],
        ["MusicGen.Live.Bench.Runs"] =
        [
            "MusicGen.Live.Midi", "MusicGen.Live.Tensors", "MusicGen.Live.Ports", "MusicGen.Live.Models", "MusicGen.Live.Engine",
        ],
    };

    public static TheoryData<string> Projects() => new(s_allowed.Keys);

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_references_point_down_only(string project)
    {
        var path = RepoPaths.InRepo("src", project, project + ".csproj");
        var references = XDocument.Load(path).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value))
            .ToArray();

        var forbidden = references.Except(s_allowed[project]).ToArray();
        Assert.True(forbidden.Length == 0, $"{project} must not reference {string.Join(", ", forbidden)}");
    }

    [Fact]
    public void Every_source_project_is_known_and_has_a_test_project()
    {
        var sources = Directory.GetDirectories(RepoPaths.InRepo("src")).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(s_allowed.Keys.Order(), sources);
        foreach (var source in sources)
        {
            Assert.True(Directory.Exists(RepoPaths.InRepo("tests", source + ".Tests")), $"tests/{source}.Tests is missing");
        }
    }

    [Fact]
    public void Bench_projects_reference_what_they_measure_and_never_the_cli()
    {
        var benches = Directory.GetDirectories(RepoPaths.InRepo("bench")).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(s_benchAllowed.Keys.Order(), benches);
        foreach (var bench in benches)
        {
            var references = XDocument.Load(RepoPaths.InRepo("bench", bench!, bench + ".csproj")).Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value))
                .ToArray();
            var forbidden = references.Except(s_benchAllowed[bench!]).ToArray();
            Assert.True(forbidden.Length == 0, $"{bench} must not reference {string.Join(", ", forbidden)}");
        }
    }

    public static TheoryData<string> TestProjects() =>
        new(Directory.GetDirectories(RepoPaths.InRepo("tests")).Select(Path.GetFileName).Where(n => n!.EndsWith(".Tests", StringComparison.Ordinal)).Order()!);

    /// <summary>
    /// Only the command line's own tests use its types; the others may build it first to run <c>musicgen</c> as a
    /// child process (<c>ReferenceOutputAssembly="false"</c>), so what they test stays below the command line.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestProjects))]
    public void Only_the_cli_tests_reference_the_cli(string testProject)
    {
        var path = RepoPaths.InRepo("tests", testProject, testProject + ".csproj");
        var cli = XDocument.Load(path).Descendants("ProjectReference")
            .Where(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value) == "MusicGen.Live.Cli")
            .Where(e => !string.Equals((string?)e.Attribute("ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        Assert.True(testProject == "MusicGen.Live.Cli.Tests" || cli.Length == 0, $"{testProject} must not reference the MusicGen.Live.Cli assembly");
    }
}
