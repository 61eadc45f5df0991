using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using MusicGen.Live.Ports.Jack;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench latency</c>: starts a private JACK server (dummy backend), runs <c>musicgen thru</c>
/// as a child process for each backend, drives it with Debian's <c>jack_midi_latency_test</c> and reports
/// latency, jitter, lost messages and xruns as <c>name=value</c> lines. Measured, never asserted.
/// With <c>--humanize causal|lookahead</c> it also runs <c>musicgen live --backend jack</c> in that mode and
/// reports its figures beside thru's and the latency the engine adds (live minus JACK thru).
/// </summary>
/// <remarks>
/// What the tool sends decides what is measured. Its default 3-byte pair is a note-off for key 0 (never
/// sounding: the engine's scheduler drops such note-offs by design) and a note-on whose velocity the engine
/// rewrites; the tool only counts a message that comes back byte for byte, so it would wait forever. With
/// <c>--humanize</c> every run therefore sends the 2-byte pair (program change, channel pressure), which the
/// engine forwards: the figures are the engine's pass-through path (input callback, engine thread,
/// scheduler, JACK output: the path a player's note takes, delayed like it in look-ahead), without the
/// velocity stage's few microseconds (<c>bench engine</c> reports those).
/// <para>
/// A run that lost a message to xruns and so printed no figures (the tool waits 5 s for each message, then gives
/// up) is taken again through the same device, up to <see cref="MaxAttempts"/> runs, each printed: on a loaded
/// machine the non-real-time dummy server overruns cycles, and a fresh-clone CI run lost its very first message
/// that way while other test assemblies shared both cores. A run that fails without xruns fails at once.
/// </para>
/// </remarks>
public static partial class LatencyBench
{
    private static readonly string[] s_both = ["jack", "rtmidi"];

    /// <summary>Runs of the tool per device before a run spoiled by xruns counts as the result (and fails it).</summary>
    private const int MaxAttempts = 3;

    public static int Run(string backend, int messages, int period, int rate, string humanize)
    {
        BenchReport.Machine();
        var mode = humanize;
        var count = messages;
        var live = mode != "off";
        string[] which = backend switch
        {
            "both" => s_both,
            var one when live && one != "jack" => [one!, "jack"], // live is compared with JACK thru: measure it too
            var one => [one!],
        };
        int? size = live ? 2 : null; // see the remarks: the engine passes 2-byte messages through unchanged
        using var server = PrivateJackServer.Start(rate, period, "musicgen-bench");
        Console.WriteLine($"JACK server '{server.Name}': {server.SampleRate} Hz, "
            + $"{server.Period} frames ({server.Period * 1000.0 / server.SampleRate:0.###} ms) per cycle, "
            + "dummy backend, sync mode");
        var reports = which.Select(b => (Backend: b, Measure(server, $"{b} backend", count, size, SelfArgs("thru", "--backend", b, "--api", "jack", "--name", $"mglat-{b}")).Report)).ToList();
        foreach (var (name, report) in reports)
        {
            Figures($"latency_{name}", report);
        }

        if (live)
        {
            var record = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"musicgen-bench-latency-{Environment.ProcessId}.mid"));
            try
            {
                var (report, ready) = Measure(
                    server,
                    $"live engine, humanize {mode}",
                    count,
                    size,
                    SelfArgs("live", "--backend", "jack", "--humanize", mode, "--continue", "off", "--quiet", "--record", record));
                var key = $"latency_live_{mode}";
                Figures(key, report);
                BenchReport.Figure($"{key}_delay_ms", double.Parse(Field(ready, "delay_ms="), CultureInfo.InvariantCulture));
                BenchReport.Figure($"{key}_delay_frames", long.Parse(Field(ready, "delay_frames="), CultureInfo.InvariantCulture));
                if (report.ReportedInPortFrames is { } reported)
                {
                    BenchReport.Figure($"{key}_port_latency_frames", reported); // the engine's output latency as JACK tells other clients
                }

                var thru = reports.First(r => r.Backend == "jack").Report;
                BenchReport.Figure($"{key}_added_avg_ms", report.AverageMs - thru.AverageMs);
                BenchReport.Figure($"{key}_added_max_ms", report.HighestMs - thru.HighestMs);
                BenchReport.Figure($"{key}_added_avg_frames", report.AverageFrames - thru.AverageFrames);
                BenchReport.Figure($"{key}_added_max_frames", report.HighestFrames - thru.HighestFrames);
            }
            finally
            {
                File.Delete(record);
            }
        }

        BenchReport.Figure("latency_period_frames", (long)server.Period);
        return 0;
    }

    private static void Figures(string key, LatencyTestReport report)
    {
        BenchReport.Figure($"{key}_avg_ms", report.AverageMs);
        BenchReport.Figure($"{key}_min_ms", report.LowestMs);
        BenchReport.Figure($"{key}_max_ms", report.HighestMs);
        BenchReport.Figure($"{key}_avg_frames", report.AverageFrames);
        BenchReport.Figure($"{key}_min_frames", report.LowestFrames);
        BenchReport.Figure($"{key}_max_frames", report.HighestFrames);
        BenchReport.Figure($"{key}_jitter_peak_frames", report.PeakJitterFrames);
        BenchReport.Figure($"{key}_jitter_peak_ms", report.PeakJitterMs);
        BenchReport.Figure($"{key}_lost", report.Lost);
        BenchReport.Figure($"{key}_xruns", report.Xruns);
    }

    /// <summary>Runs the device under test (a <c>musicgen</c> command that prints a ready line with in= and out=) and drives it.</summary>
    private static (LatencyTestReport Report, string Ready) Measure(PrivateJackServer server, string what, int messages, int? messageSize, string[] args)
    {
        using var device = Process.Start(server.Client(Environment.ProcessPath!, args))!;
        var errors = device.StandardError.ReadToEndAsync(); // drained all along, so a chatty child never blocks on a full pipe
        string? ready = null;
        try
        {
            ready = ReadUntil(device, "ready", TimeSpan.FromSeconds(60), errors);
            Console.WriteLine($"--- {what} ({ready.Trim()}) ---");
            for (var attempt = 1; ; attempt++)
            {
                var text = RunTool(server, what, messages, messageSize, ready);
                Console.WriteLine(text.Trim());
                if (attempt < MaxAttempts && LatencyTestReport.SpoiledByXruns(text))
                {
                    // Not the device's doing: the run lost a message in an overrun cycle and measured nothing.
                    Console.WriteLine($"--- {what}: attempt {attempt} of {MaxAttempts} lost a message to xruns and measured nothing; measuring again ---");
                    continue;
                }

                return (LatencyTestReport.Parse(text), ready);
            }
        }
        finally
        {
            // Ctrl+C-equivalent first: the child closes its JACK client cleanly, so the server can stop cleanly too.
            device.StandardInput.Close();
            if (!device.HasExited && !(Signal(device.Id) && device.WaitForExit(10_000)))
            {
                device.Kill();
                device.WaitForExit();
            }

            if (ready is not null && device.StandardOutput.ReadToEnd().Trim() is { Length: > 0 } closing)
            {
                Console.WriteLine(closing); // the child's own summary (live: notes, drops, faults)
            }
        }
    }

    /// <summary>One run of the tool through the device's ports; its stdout and stderr together.</summary>
    private static string RunTool(PrivateJackServer server, string what, int messages, int? messageSize, string ready)
    {
        string[] size = messageSize is { } m ? ["-m", m.ToString(CultureInfo.InvariantCulture)] : [];
        using var test = Process.Start(server.Client("jack_midi_latency_test", [.. size, "-s", messages.ToString(CultureInfo.InvariantCulture), Field(ready, "in="), Field(ready, "out=")]))
            ?? throw new InvalidOperationException("jack_midi_latency_test did not start (install jackd2's example clients)");
        test.StandardInput.Close();
        var output = test.StandardOutput.ReadToEndAsync();
        var error = test.StandardError.ReadToEndAsync();
        if (!test.WaitForExit(TimeSpan.FromSeconds(120 + (messages * 0.5))))
        {
            test.Kill();
            throw new TimeoutException($"jack_midi_latency_test did not finish through the {what}");
        }

        return output.Result + error.Result;
    }

    private static bool Signal(int pid) => Kill(pid, 15) == 0; // SIGTERM

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    /// <summary>How to start this very command line again (apphost, or <c>dotnet musicgen.dll</c>: the entry assembly, not this library).</summary>
    private static string[] SelfArgs(params string[] args)
    {
        var host = Path.GetFileNameWithoutExtension(Environment.ProcessPath);
        return string.Equals(host, "dotnet", StringComparison.OrdinalIgnoreCase)
            ? [Assembly.GetEntryAssembly()!.Location, .. args]
            : args;
    }

    private static string ReadUntil(Process process, string text, TimeSpan bound, Task<string> errors)
    {
        var read = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            return null;
        });
        if (!read.Wait(bound) || read.Result is null)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            throw new InvalidOperationException($"'musicgen {string.Join(' ', process.StartInfo.ArgumentList)}' did not get ready: {errors.Result}");
        }

        return read.Result;
    }

    private static string Field(string line, string key)
    {
        var start = line.IndexOf(key, StringComparison.Ordinal) + key.Length;
        var end = line.IndexOf(' ', start);
        return end < 0 ? line[start..] : line[start..end];
    }
}
