using System.Diagnostics;
using System.Globalization;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests;

/// <summary>
/// <c>bench flood</c> and <c>bench soak</c>, short, as a user runs them (each starts its own private JACK server):
/// the reports' invariants hold (nothing left sounding, every lost note-on counted, the figures add up), never timings.
/// </summary>
[Trait("Category", "Jack")]
[Collection(RunsAlone.Name)]
public sealed class BenchLoadCommandTests
{
    [Fact]
    public async Task Flood_counts_every_loss_and_leaves_nothing_sounding()
    {
        var (code, output, f) = await Bench("flood", "--rate", "4000", "--seconds", "3");
        Assert.True(code == 0, output);
        Assert.Equal(0, f["flood_sounding_after_flood"]);
        Assert.Equal(0, f["flood_sounding_after_stop"]);
        Assert.Equal(0, f["flood_pedals_down_after_stop"]);
        Assert.Equal(0, f["flood_malformed_out"]);
        Assert.True(f["flood_sent_note_ons"] > 1000, output);
        Assert.True(f["flood_heard_note_ons"] > 0 && f["flood_heard_note_ons"] <= f["flood_sent_note_ons"], output);

        // Every note-on that did not come back is a counted drop; with no drop, every one came back.
        var lost = f["flood_sent_note_ons"] - f["flood_heard_note_ons"];
        Assert.Equal(lost - f["flood_dropped_player"] - f["flood_dropped_engine"], f["flood_note_ons_unaccounted"]);
        Assert.True(f["flood_note_ons_unaccounted"] <= 0, output);
        Assert.True(f["flood_rss_start_mib"] <= f["flood_rss_max_mib"] && f["flood_rss_end_mib"] <= f["flood_rss_max_mib"], output);
    }

    [Fact]
    public async Task Soak_reports_each_interval_and_leaves_nothing_sounding()
    {
        var (code, output, f) = await Bench("soak", "--minutes", "0.1", "--interval-seconds", "3");
        Assert.True(code == 0, output);
        foreach (var i in new[] { 1, 2 })
        {
            Assert.True(f.ContainsKey($"soak_interval_{i}_rss_mib") && f.ContainsKey($"soak_interval_{i}_gen2_collections") && f.ContainsKey($"soak_interval_{i}_latency_p99_ms"), output);
        }

        Assert.True(f["soak_notes_in"] > 0 && f["soak_notes_out"] >= f["soak_notes_in"] - f["soak_dropped"], output);
        Assert.False(f.ContainsKey("soak_interval_3_rss_mib"), output);
        Assert.Equal(f["soak_interval_2_rss_mib"] - f["soak_interval_1_rss_mib"], f["soak_rss_drift_mib"], 3);
        Assert.Equal(0, f["soak_sounding_after_stop"]);
        Assert.Equal(0, f["soak_pedals_down_after_stop"]);
        Assert.Equal(0, f["soak_malformed_out"]);
    }

    private static async Task<(int Code, string Output, Dictionary<string, double> Figures)> Bench(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "musicgen.dll"), "bench", .. args])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["JACK_NO_START_SERVER"] = "1";
        using var bench = Process.Start(info)!;
        var stdout = bench.StandardOutput.ReadToEndAsync();
        var stderr = bench.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(180)); // a hang guard, not a timing
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
        var figures = output.Split('\n', StringSplitOptions.TrimEntries)
            .Select(l => l.Split('='))
            .Where(p => p.Length == 2 && double.TryParse(p[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        return (bench.ExitCode, output, figures);
    }
}
