using System.Diagnostics;
using System.Globalization;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests;

/// <summary>
/// <c>musicgen bench latency --humanize causal</c> end to end, as a user runs it: the built command starts its own
/// private JACK server, measures thru and the live engine with Debian's jack_midi_latency_test and prints both sets
/// of figures and the difference. Figures are checked for presence and form, never for how fast the machine is.
/// </summary>
[Trait("Category", "Jack")]
[Collection(RunsAlone.Name)]
public sealed class BenchLatencyCommandTests
{
    [Fact]
    public async Task Humanize_causal_reports_live_figures_beside_thru_and_the_added_latency()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "musicgen.dll"), "bench", "latency", "--backend", "jack", "--humanize", "causal", "--messages", "50" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["JACK_NO_START_SERVER"] = "1"; // the bench starts its own private server; nothing may start a default one
        using var bench = Process.Start(info)!;
        var stdout = bench.StandardOutput.ReadToEndAsync();
        var stderr = bench.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120)); // a hang guard, not a timing
        try
        {
            await bench.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            bench.Kill(entireProcessTree: true);
            await bench.WaitForExitAsync();
        }

        var output = await stdout + await stderr;
        Assert.True(bench.ExitCode == 0, output);
        var figures = output.Split('\n', StringSplitOptions.TrimEntries)
            .Select(l => l.Split('='))
            .Where(p => p.Length == 2 && p[0].StartsWith("latency_", StringComparison.Ordinal) && double.TryParse(p[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        foreach (var name in new[] { "avg_ms", "max_ms", "avg_frames", "max_frames", "lost", "xruns" })
        {
            Assert.True(figures.ContainsKey($"latency_jack_{name}"), $"no latency_jack_{name}: {output}");
            Assert.True(figures.ContainsKey($"latency_live_causal_{name}"), $"no latency_live_causal_{name}: {output}");
        }

        foreach (var name in new[] { "added_avg_ms", "added_max_ms", "added_avg_frames", "added_max_frames" })
        {
            Assert.True(figures.ContainsKey($"latency_live_causal_{name}"), $"no latency_live_causal_{name}: {output}");
        }

        // Causal mode adds no delay on purpose, and JACK is told none.
        Assert.Equal(0, figures["latency_live_causal_delay_frames"]);
        Assert.Equal(0, figures["latency_live_causal_port_latency_frames"]);
        Assert.Contains("musicgen live: ready", output);
        Assert.Equal(figures["latency_live_causal_avg_ms"] - figures["latency_jack_avg_ms"], figures["latency_live_causal_added_avg_ms"], 6);
    }
}
