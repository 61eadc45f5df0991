using System.Diagnostics;
using System.Globalization;

namespace MusicGen.Live.TestSupport.Jack;

/// <summary>
/// A private JACK server for tests: <c>jackd --no-realtime -n &lt;unique&gt; -d dummy</c>, no sound card
/// needed, stopped by PID on dispose (also when the test failed). Runs JACK's own tools against it.
/// </summary>
/// <remarks>
/// Every child process gets <c>JACK_DEFAULT_SERVER</c> = <see cref="Name"/> and <c>JACK_NO_START_SERVER=1</c>
/// (a client must never start a stray default server). Threading: use from the test thread.
/// </remarks>
public sealed class JackServer : IDisposable
{
    private static int s_counter;
    private readonly Process _process;
    private readonly StringWriterLog _log = new();
    private bool _crashed;

    private JackServer(string name, int sampleRate, int period, Process process)
    {
        Name = name;
        SampleRate = sampleRate;
        Period = period;
        _process = process;
    }

    public string Name { get; }

    public int SampleRate { get; }

    /// <summary>Frames per cycle.</summary>
    public int Period { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>jackd's own output so far (for failure messages).</summary>
    public string Log => _log.ToString();

    /// <summary>Starts a server with a unique name and waits until clients can connect.</summary>
    public static JackServer Start(int sampleRate = 48000, int period = 128, string prefix = "mgl")
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}");
        var info = new ProcessStartInfo("jackd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--no-realtime", "--sync", "-n", name, "-d", "dummy", "-r", sampleRate.ToString(CultureInfo.InvariantCulture), "-p", period.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("jackd did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("jackd not found: install jackd2 (the JACK integration tests need it)", ex);
        }

        var server = new JackServer(name, sampleRate, period, process);
        process.OutputDataReceived += (_, e) => server._log.Add(e.Data);
        process.ErrorDataReceived += (_, e) => server._log.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var (code, output) = server.Run("jack_wait", TimeSpan.FromSeconds(15), "-s", name, "-w", "-t", "10");
            if (code != 0 || process.HasExited)
            {
                throw new InvalidOperationException($"JACK server '{name}' did not come up: {output} {server.Log}");
            }
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>A start description for a JACK tool (or any client) that talks to this server.</summary>
    public ProcessStartInfo Tool(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["JACK_DEFAULT_SERVER"] = Name;
        info.Environment["JACK_NO_START_SERVER"] = "1";
        return info;
    }

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
    /// the registry slot the dead server left behind.
    /// </summary>
    public void Crash()
    {
        if (!_process.HasExited)
        {
            NativeSignal.Send(_process.Id, NativeSignal.SigKill);
            _process.WaitForExit();
            _crashed = true;
        }
    }

    /// <summary>Stops the server by PID: SIGTERM (jackd unregisters itself), SIGKILL after 5 s.</summary>
    public void Dispose()
    {
        Stop(_process);
        _process.Dispose();
        if (_crashed || File.Exists($"/dev/shm/jack_{Name}_0_0")) // killed, or exited without unregistering
        {
            Reclaim();
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                NativeSignal.Send(process.Id, NativeSignal.SigTerm);
                if (!process.WaitForExit(10_000))
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// JACK frees a dead server's registry entry only when a server of the same name registers again, so a
    /// crashed server's name is started once more and stopped cleanly.
    /// </summary>
    private void Reclaim()
    {
        var info = new ProcessStartInfo("jackd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--no-realtime", "--sync", "-n", Name, "-d", "dummy", "-r", SampleRate.ToString(CultureInfo.InvariantCulture), "-p", Period.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        using var again = Process.Start(info);
        if (again is null)
        {
            return;
        }

        again.BeginOutputReadLine();
        again.BeginErrorReadLine();
        _ = Run("jack_wait", TimeSpan.FromSeconds(10), "-s", Name, "-w", "-t", "5");
        Stop(again);

        // Clients of the killed server leave their semaphore files behind; only this server's names match.
        foreach (var file in Directory.Exists("/dev/shm") ? Directory.GetFiles("/dev/shm", $"jack_sem.*_{Name}_*") : [])
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Someone else's or already gone: harmless either way.
            }
        }
    }

    private sealed class StringWriterLog
    {
        private readonly System.Text.StringBuilder _text = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_text)
            {
                _text.AppendLine(line);
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
