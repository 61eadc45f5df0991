using System.Collections.Concurrent;
using System.Diagnostics;
using MusicGen.Live.TestSupport.Jack;

namespace MusicGen.Live.Ports.Tests.Support;

/// <summary>A child process whose output lines are collected as they come; killed (by PID) on dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly ConcurrentQueue<string> _all = new();

    public ChildProcess(ProcessStartInfo info)
    {
        _process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Transcript => string.Join("\n", _all);

    public StreamWriter Input => _process.StandardInput;

    /// <summary>Runs <c>dotnet musicgen.dll …</c> (the real command line) against a JACK server.</summary>
    public static ChildProcess Musicgen(JackServer server, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "musicgen.dll");
        return new ChildProcess(server.Tool("dotnet", [dll, .. args]));
    }

    public static ChildProcess Python(JackServer server, params string[] args)
    {
        var script = MusicGen.Live.TestSupport.RepoPaths.InRepo("tests", "MusicGen.Live.Ports.Tests", "scripts", "midi_peer.py");
        return new ChildProcess(server.Tool("/usr/bin/python3", [script, .. args]));
    }

    /// <summary>Next line that contains <paramref name="text"/> (skipping others), or throws with the transcript.</summary>
    public string WaitForLine(string text, TimeSpan? bound = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out var line, left))
            {
                throw new TimeoutException($"no line with '{text}' from {_process.StartInfo.FileName}; transcript:\n{Transcript}");
            }

            if (line.Contains(text, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    /// <summary>All lines (stdout and stderr) once the process has exited.</summary>
    public IReadOnlyList<string> WaitForExit(TimeSpan? bound = null)
    {
        if (!_process.WaitForExit(bound ?? TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit; transcript:\n{Transcript}");
        }

        _process.WaitForExit(); // flushes the asynchronous readers
        return [.. _all];
    }

    public int ExitCode => _process.ExitCode;

    public void Signal(int signal) => NativeSignal.Send(_process.Id, signal);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _lines.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        _all.Enqueue(line);
        if (!_lines.IsAddingCompleted)
        {
            _lines.Add(line);
        }
    }
}
