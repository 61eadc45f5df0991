using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Jack;

/// <summary>
/// A private <c>jackd</c> with the dummy backend (no sound card needed) for benches, demos and the test
/// fixture, stopped by PID with SIGTERM so it leaves no entry in JACK's machine-wide server registry (8 slots).
/// </summary>
/// <remarks>
/// Runs in synchronous mode (<c>--sync</c>): the server waits for its clients each cycle, so a loaded
/// machine shows up as xruns rather than as silently skipped clients. Threading: control thread only.
/// </remarks>
public sealed partial class PrivateJackServer : IDisposable
{
    private static int s_counter;
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    private PrivateJackServer(string name, int sampleRate, int period, Process process)
    {
        Name = name;
        SampleRate = sampleRate;
        Period = period;
        _process = process;
    }

    public string Name { get; }

    public int SampleRate { get; }

    public int Period { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>jackd's own output so far (for error messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static PrivateJackServer Start(int sampleRate = 48000, int period = 128, string prefix = "musicgen")
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}");
        var info = new ProcessStartInfo("jackd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--no-realtime",
            "--sync",
            "-n",
            name,
            "-d",
            "dummy",
            "-r",
            sampleRate.ToString(CultureInfo.InvariantCulture),
            "-p",
            period.ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new MidiPortException(name, "jackd did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new MidiPortException(name, "jackd not found: install jackd2", ex);
        }

        var server = new PrivateJackServer(name, sampleRate, period, process);
        process.OutputDataReceived += (_, e) => server.AddLog(e.Data);
        process.ErrorDataReceived += (_, e) => server.AddLog(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var socket = SocketPath(name); // jackd2 on Linux: its request socket; waiting for it keeps libjack from printing connection errors
        while (OperatingSystem.IsLinux() && !File.Exists(socket) && DateTime.UtcNow < deadline && !process.HasExited)
        {
            Thread.Sleep(50);
        }

        while (true)
        {
            try
            {
                using var probe = JackMidiClient.Open("musicgen-probe", name);
                return server;
            }
            catch (MidiPortException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(100);
            }
            catch (MidiPortException ex)
            {
                var log = server.Log.ReplaceLineEndings(" / ");
                server.Dispose();
                throw new MidiPortException(name, $"the private JACK server did not come up ({ex.Message}); jackd said: {log}", ex);
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    /// <summary>A start description for a program that should talk to this server.</summary>
    public ProcessStartInfo Client(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["JACK_DEFAULT_SERVER"] = Name;
        info.Environment["JACK_NO_START_SERVER"] = "1";
        return info;
    }

    public void Dispose()
    {
        Stop(_process);
        _process.Dispose();

        // A jackd that exits with clients still attached can skip unregistering; JACK frees a dead
        // server's registry entry only when a server of the same name registers again, so do that once.
        if (File.Exists(SocketPath(Name)))
        {
            Reclaim();
        }
    }

    private void AddLog(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static string SocketPath(string name) => $"/dev/shm/jack_{name}_0_0";

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                _ = Kill(process.Id, 15); // SIGTERM: jackd unregisters itself
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

    private void Reclaim()
    {
        var info = new ProcessStartInfo("jackd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--no-realtime", "-n", Name, "-d", "dummy", "-r", SampleRate.ToString(CultureInfo.InvariantCulture), "-p", Period.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            File.Delete(SocketPath(Name));
            using var again = Process.Start(info);
            if (again is null)
            {
                return;
            }

            again.OutputDataReceived += (_, _) => { };
            again.ErrorDataReceived += (_, _) => { };
            again.BeginOutputReadLine();
            again.BeginErrorReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!File.Exists(SocketPath(Name)) && DateTime.UtcNow < deadline && !again.HasExited)
            {
                Thread.Sleep(50);
            }

            Stop(again);
            foreach (var file in Directory.GetFiles("/dev/shm", $"jack_sem.*_{Name}_*"))
            {
                File.Delete(file);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // Best effort: a leftover registry entry is JACK's problem, not a reason to fail a bench.
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
