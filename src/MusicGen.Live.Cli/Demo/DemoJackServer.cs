using System.Diagnostics;
using System.Globalization;

namespace MusicGen.Live.Cli.Demo;

/// <summary>
/// A private JACK dummy server for the demo (no sound card needed): started with a unique name, stopped by
/// PID with SIGTERM (jackd then frees its slot in JACK's registry), killed only if it will not stop.
/// </summary>
public sealed class DemoJackServer : IDisposable
{
    private readonly Process _process;

    private DemoJackServer(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public static DemoJackServer Start()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"musicgen-demo-{Environment.ProcessId}");
        var info = new ProcessStartInfo("jackd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--no-realtime", "-n", name, "-d", "dummy", "-r", "48000", "-p", "256" })
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
            throw new InvalidOperationException("jackd not found: install jackd2 (./run.sh installs it)", ex);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new DemoJackServer(name, process);
        using var wait = Process.Start(new ProcessStartInfo("jack_wait", ["-s", name, "-w", "-t", "10"]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var waitErrors = wait.StandardError.ReadToEndAsync(); // "cannot connect" while it polls: noise
        wait.StandardOutput.ReadToEnd();
        _ = waitErrors.Result;
        wait.WaitForExit();
        if (wait.ExitCode != 0 || process.HasExited)
        {
            server.Dispose();
            throw new InvalidOperationException($"the private JACK server '{name}' did not come up");
        }

        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
            {
                term.WaitForExit();
            }

            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }

        _process.Dispose();
    }
}
