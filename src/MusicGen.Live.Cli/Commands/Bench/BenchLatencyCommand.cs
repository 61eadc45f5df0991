using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MusicGen.Live.Ports.Jack;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary>
/// <c>musicgen bench latency</c>: starts a private JACK server (dummy backend), runs <c>musicgen thru</c>
/// as a child process for each backend, drives it with Debian's <c>jack_midi_latency_test</c> and reports
/// latency, jitter, lost messages and xruns as <c>name=value</c> lines. Measured, never asserted.
/// </summary>
public static partial class BenchLatencyCommand
{
    private static readonly string[] s_both = ["jack", "rtmidi"];

    public static Command Create()
    {
        var backend = new Option<string>("--backend") { Description = "rtmidi, jack or both.", DefaultValueFactory = _ => "both" };
        backend.AcceptOnlyFromAmong("rtmidi", "jack", "both");
        var messages = new Option<int>("--messages") { Description = "Messages jack_midi_latency_test sends per backend.", DefaultValueFactory = _ => 500 };
        var period = new Option<int>("--period") { Description = "JACK frames per cycle.", DefaultValueFactory = _ => 128 };
        var rate = new Option<int>("--rate") { Description = "JACK sample rate.", DefaultValueFactory = _ => 48000 };
        var command = new Command("latency", "MIDI round-trip latency and jitter through 'musicgen thru' on a private JACK server (jack_midi_latency_test).")
        {
            backend, messages, period, rate,
        };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var which = parse.GetValue(backend) switch
            {
                "both" => s_both,
                var one => [one!],
            };
            using var server = PrivateJackServer.Start(parse.GetValue(rate), parse.GetValue(period), "musicgen-bench");
            Console.WriteLine($"JACK server '{server.Name}': {server.SampleRate} Hz, {server.Period} frames ({server.Period * 1000.0 / server.SampleRate:0.###} ms) per cycle, dummy backend, sync mode");
            var reports = which.Select(b => (Backend: b, Report: Measure(server, b, parse.GetValue(messages)))).ToList();
            foreach (var (name, report) in reports)
            {
                var key = $"latency_{name}";
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

            BenchReport.Figure("latency_period_frames", (long)server.Period);
            return 0;
        }));
        return command;
    }

    private static LatencyTestReport Measure(PrivateJackServer server, string backend, int messages)
    {
        var client = $"mglat-{backend}";
        using var thru = Process.Start(server.Client(Environment.ProcessPath!, SelfArgs("thru", "--backend", backend, "--api", "jack", "--name", client)))!;
        try
        {
            var ready = ReadUntil(thru, "ready", TimeSpan.FromSeconds(60));
            var thruIn = Field(ready, "in=");
            var thruOut = Field(ready, "out=");
            using var test = Process.Start(server.Client("jack_midi_latency_test", ["-s", messages.ToString(CultureInfo.InvariantCulture), thruIn, thruOut]))
                ?? throw new InvalidOperationException("jack_midi_latency_test did not start (install jackd2's example clients)");
            test.StandardInput.Close();
            var output = test.StandardOutput.ReadToEndAsync();
            var error = test.StandardError.ReadToEndAsync();
            if (!test.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                test.Kill();
                throw new TimeoutException($"jack_midi_latency_test did not finish through the {backend} backend");
            }

            var text = output.Result + error.Result;
            Console.WriteLine($"--- {backend} backend ({ready.Trim()}) ---");
            Console.WriteLine(text.Trim());
            return LatencyTestReport.Parse(text);
        }
        finally
        {
            // Ctrl+C-equivalent first: thru closes its JACK clients cleanly, so the server can stop cleanly too.
            thru.StandardInput.Close();
            if (!thru.HasExited && !(Signal(thru.Id) && thru.WaitForExit(10_000)))
            {
                thru.Kill();
                thru.WaitForExit();
            }
        }
    }

    private static bool Signal(int pid) => Kill(pid, 15) == 0; // SIGTERM

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    /// <summary>How to start this very command line again (apphost, or <c>dotnet musicgen.dll</c>).</summary>
    private static string[] SelfArgs(params string[] args)
    {
        var host = Path.GetFileNameWithoutExtension(Environment.ProcessPath);
        return string.Equals(host, "dotnet", StringComparison.OrdinalIgnoreCase)
            ? [typeof(BenchLatencyCommand).Assembly.Location, .. args]
            : args;
    }

    private static string ReadUntil(Process process, string text, TimeSpan bound)
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
            throw new InvalidOperationException($"'musicgen thru' did not get ready: {process.StandardError.ReadToEnd()}");
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
