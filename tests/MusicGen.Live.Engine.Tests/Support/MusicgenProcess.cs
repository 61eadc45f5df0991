using System.Diagnostics;
using System.Text;
using MusicGen.Live.TestSupport.Jack;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>
/// The real <c>musicgen</c> (built beside the tests) as a separate process talking to a private JACK server:
/// output captured, signals sent by PID, always killed on dispose.
/// </summary>
public sealed class MusicgenProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly ManualResetEventSlim _ready = new();

    private MusicgenProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "musicgen.dll");

    public static MusicgenProcess Start(JackServer server, params string[] args)
    {
        var info = server.Tool("dotnet", [Dll, .. args]);
        info.WorkingDirectory = MusicGen.Live.TestSupport.RepoPaths.Root;
        var process = Process.Start(info) ?? throw new InvalidOperationException("musicgen did not start");
        var self = new MusicgenProcess(process);
        process.OutputDataReceived += (_, e) => self.Add(e.Data);
        process.ErrorDataReceived += (_, e) => self.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return self;
    }

    /// <summary>Waits for the live engine's ready line (a hang guard, not a timing assertion).</summary>
    public void WaitReady(TimeSpan bound)
    {
        if (!_ready.Wait(bound))
        {
            throw new TimeoutException($"musicgen did not report ready: {Output}");
        }
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits for exit; returns the exit code (throws with the output past the bound).</summary>
    public int WaitForExit(TimeSpan bound)
    {
        if (!_process.WaitForExit(bound))
        {
            throw new TimeoutException($"musicgen did not exit: {Output}");
        }

        _process.WaitForExit(); // flush the output readers
        return _process.ExitCode;
    }

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
        _ready.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("musicgen live: ready", StringComparison.Ordinal))
        {
            _ready.Set();
        }
    }
}
