using System.Diagnostics;
using System.Globalization;
using MusicGen.Live.Ports.Jack;

namespace MusicGen.Live.TestSupport.Jack;

/// <summary>
/// A private JACK server for tests: the product's <see cref="PrivateJackServer"/> (<c>jackd --no-realtime --sync
/// -d dummy</c>, unique name, stopped by PID, registry slot reclaimed) plus what tests need on top: JACK's own
/// tools run against it, port listings and latencies, connections, and a crash on demand.
/// </summary>
/// <remarks>
/// Every child process gets <c>JACK_DEFAULT_SERVER</c> = <see cref="Name"/> and <c>JACK_NO_START_SERVER=1</c>
/// (a client must never start a stray default server). Threading: use from the test thread.
/// </remarks>
public sealed class JackServer : IDisposable
{
    private readonly PrivateJackServer _server;

    private JackServer(PrivateJackServer server) => _server = server;

    public string Name => _server.Name;

    public int SampleRate => _server.SampleRate;

    /// <summary>Frames per cycle.</summary>
    public int Period => _server.Period;

    public int Pid => _server.Pid;

    public bool HasExited => _server.HasExited;

    /// <summary>jackd's own output so far (for failure messages).</summary>
    public string Log => _server.Log;

    /// <summary>Starts a server with a unique name and waits until clients can connect.</summary>
    public static JackServer Start(int sampleRate = 48000, int period = 128, string prefix = "mgl") =>
        new(PrivateJackServer.Start(sampleRate, period, prefix));

    /// <summary>A start description for a JACK tool (or any client) that talks to this server.</summary>
    public ProcessStartInfo Tool(string file, params string[] args) => _server.Client(file, args);

    /// <summary>Runs a tool to completion (killed past <paramref name="bound"/>); returns exit code and stdout+stderr.</summary>
    public (int ExitCode, string Output) Run(string file, TimeSpan bound, params string[] args)
    {
        using var process = Process.Start(Tool(file, args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(bound))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"{file} timed out after {bound.TotalSeconds:0}s: {stdout.Result}{stderr.Result}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>All port names on the server (<c>jack_lsp</c>).</summary>
    public IReadOnlyList<string> Ports()
    {
        var (code, output) = Run("jack_lsp", TimeSpan.FromSeconds(10));
        return code == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
    }

    /// <summary>
    /// A port's latency ranges read by Debian's <c>jack_lsp -l</c> (a JACK tool, not our code), pointed at this
    /// server the same way as every tool here (<c>JACK_DEFAULT_SERVER</c>); null when the port is not listed.
    /// </summary>
    public JackPortLatency? PortLatency(string port)
    {
        var (code, output) = Run("jack_lsp", TimeSpan.FromSeconds(10), "-l", port);
        if (code != 0)
        {
            return null;
        }

        // jack_lsp filters by substring: take the block under the exact name.
        var lines = output.Split('\n');
        var at = Array.FindIndex(lines, l => l.TrimEnd() == port);
        if (at < 0)
        {
            return null;
        }

        (uint Min, uint Max)? capture = null, playback = null;
        for (var i = at + 1; i < lines.Length && lines[i].StartsWith('\t'); i++)
        {
            var match = System.Text.RegularExpressions.Regex.Match(lines[i], @"port (capture|playback) latency = \[\s*(\d+)\s+(\d+)\s*\]");
            if (match.Success)
            {
                var range = (uint.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), uint.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
                if (match.Groups[1].Value == "capture")
                {
                    capture = range;
                }
                else
                {
                    playback = range;
                }
            }
        }

        return capture is { } c && playback is { } p ? new JackPortLatency(c.Min, c.Max, p.Min, p.Max) : null;
    }

    /// <summary>Waits (bounded, a hang guard) until <paramref name="port"/>'s latency satisfies <paramref name="condition"/>; returns the last reading.</summary>
    public JackPortLatency? WaitForPortLatency(string port, Func<JackPortLatency, bool> condition, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var latency = PortLatency(port);
            if ((latency is { } l && condition(l)) || DateTime.UtcNow > deadline)
            {
                return latency;
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Waits until every named port exists (a hang guard, not a timing assertion).</summary>
    public void WaitForPorts(TimeSpan bound, params string[] names)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var ports = Ports();
            if (names.All(ports.Contains))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"JACK ports {string.Join(", ", names)} did not appear on '{Name}'; present: {string.Join(", ", ports)}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Connects two ports (<c>jack_connect</c>); throws with JACK's message if it fails.</summary>
    public void Connect(string source, string destination)
    {
        var (code, output) = Run("jack_connect", TimeSpan.FromSeconds(10), source, destination);
        if (code != 0)
        {
            throw new InvalidOperationException($"jack_connect {source} {destination} failed on '{Name}': {output}");
        }
    }

    /// <summary>
    /// Kills the server abruptly (SIGKILL), as a crash would: for port-vanish tests. Dispose then reclaims
    /// the registry slot the dead server left behind (its request socket is still there).
    /// </summary>
    public void Crash()
    {
        if (HasExited)
        {
            return;
        }

        NativeSignal.Send(Pid, NativeSignal.SigKill);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
    }

    /// <summary>Stops the server by PID: SIGTERM (jackd unregisters itself), SIGKILL after 10 s; reclaims a slot left behind.</summary>
    public void Dispose() => _server.Dispose();
}
