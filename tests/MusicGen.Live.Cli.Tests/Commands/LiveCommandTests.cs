using MusicGen.Live.TestSupport;
using MusicGen.Live.TestSupport.Jack;
using MusicGen.Live.TestSupport.Processes;

namespace MusicGen.Live.Cli.Tests.Commands;

/// <summary>
/// <c>musicgen live</c> as a user starts it from some other folder, on a private JACK server: the same shipped models
/// load (found beside the program, not in the working directory), and the ready line and closing summary name the
/// stages; a placeholder runs only by name, and says what it is.
/// </summary>
[Trait("Category", "Jack")]
[Collection(RunsAlone.Name)]
public sealed class LiveCommandTests : IDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(90);
    private readonly JackServer _server = JackServer.Start(period: 1024, prefix: "mgl-cli-live");
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("mgl-elsewhere").FullName;

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_elsewhere, recursive: true);
    }

    [Fact]
    public void Started_from_another_folder_it_runs_the_shipped_models_and_names_them()
    {
        var (code, output) = Live("--continue", "off");
        Assert.True(code == 0, output);
        var ready = Line(output, "musicgen live: ready");
        Assert.Contains("velocity=\"StyleNet note-level, hidden 160", ready); // the large model, the default
        Assert.Contains("generator=\"PhraseTransformer\"", ready);
        Assert.DoesNotContain("WARNING", output);
        Assert.Contains("early_velocities=0", Line(output, "musicgen live: stopped"));
    }

    [Fact]
    public void Placeholders_asked_for_by_name_run_and_say_what_they_are()
    {
        var (code, output) = Live("--velocity-model", "contour", "--generator", "echo");
        Assert.True(code == 0, output);
        var ready = Line(output, "musicgen live: ready");
        Assert.Contains("velocity=\"contour rules (placeholder, no model)\"", ready);
        Assert.Contains("generator=\"recent-phrase echo (placeholder, no model)\"", ready);
        Assert.DoesNotContain("WARNING", output); // asked for: nothing to warn about
    }

    private static string Line(string output, string start) =>
        output.Split('\n').FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal)) ?? throw new Xunit.Sdk.XunitException($"no line '{start}' in: {output}");

    private (int Code, string Output) Live(params string[] extra)
    {
        var info = _server.Tool("dotnet", [ChildProcess.MusicgenDll, "live", "--quiet", "--seconds", "1", .. extra]);
        info.WorkingDirectory = _elsewhere; // no models/ or configs/ here
        using var live = new ChildProcess(info, "musicgen live");
        live.Input.Close();
        var code = live.WaitForExit(s_bound);
        return (code, live.Transcript);
    }
}
