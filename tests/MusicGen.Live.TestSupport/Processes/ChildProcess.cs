using System.Diagnostics;
using MusicGen.Live.TestSupport.Jack;

namespace MusicGen.Live.TestSupport.Processes;

/// <summary>
/// A program under test run as a separate process (usually the real <c>musicgen</c> against a private JACK
/// server): stdout and stderr lines are collected as they come, signals go by PID, and it is killed on
/// dispose so a failing test never leaves a JACK client behind.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan s_defaultBound = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _name;

    // One lock guards the lines and the read position; Monitor.Wait/PulseAll let WaitForLine sleep until a
    // line arrives, and nothing here needs disposing while the output readers may still be running.
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private int _unread;
    private int _openStreams = 2;

    /// <summary>Starts <paramref name="info"/> (stdout and stderr redirected); <paramref name="name"/> labels errors.</summary>
    public ChildProcess(ProcessStartInfo info, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        _name = name ?? info.FileName;
        _process = Process.Start(info) ?? throw new InvalidOperationException($"{_name} did not start");
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// <c>musicgen.dll</c>: beside the test assembly (the CLI's own tests reference it), else the CLI's build output in
    /// the same configuration (other test projects only build it first, so none of them can use its types).
    /// </summary>
    public static string MusicgenDll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "musicgen.dll");
            if (File.Exists(beside))
            {
                return beside;
            }

            var tfm = new DirectoryInfo(AppContext.BaseDirectory);
            return Path.Combine(RepoPaths.Root, "src", "MusicGen.Live.Cli", "bin", tfm.Parent!.Name, tfm.Name, "musicgen.dll");
        }
    }

    public int Pid => _process.Id;

    /// <summary>Every line so far (stdout and stderr interleaved as they arrived), one per line.</summary>
    public string Transcript
    {
        get
        {
            lock (_gate)
            {
                return string.Join("\n", _lines);
            }
        }
    }

    /// <summary>A snapshot of every line so far, including those <see cref="WaitForLine"/> has passed over.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The child's stdin, for peers that take their input line by line.</summary>
    public StreamWriter Input => _process.StandardInput;

    /// <summary>
    /// Runs <c>dotnet musicgen.dll …</c> (the real command line) against <paramref name="server"/>, from the
    /// repository root as a user would, so the paths it resolves relative to the working directory
    /// (<c>configs/engine.json</c>, the demo phrase) are the shipped ones. Its stdin is closed at once: musicgen
    /// reads none, and an open pipe nobody writes to would only hide that.
    /// </summary>
    public static ChildProcess Musicgen(JackServer server, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(server);
        var info = server.Tool("dotnet", [MusicgenDll, .. args]);
        info.WorkingDirectory = RepoPaths.Root;
        var child = new ChildProcess(info, "musicgen");
        child.Input.Close();
        return child;
    }

    /// <summary>
    /// The next line containing <paramref name="text"/>, skipping the lines before it (default bound 30 s, a
    /// hang guard, not a timing). Throws with the transcript past the bound, or at once if the process has
    /// exited without printing it.
    /// </summary>
    public string WaitForLine(string text, TimeSpan? bound = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? s_defaultBound);
        lock (_gate)
        {
            while (true)
            {
                while (_unread < _lines.Count)
                {
                    var line = _lines[_unread++];
                    if (line.Contains(text, StringComparison.Ordinal))
                    {
                        return line;
                    }
                }

                if (_openStreams == 0)
                {
                    throw new InvalidOperationException($"{_name} ended its output without a line with '{text}'; transcript:\n{Transcript}");
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"no line with '{text}' from {_name}; transcript:\n{Transcript}");
                }

                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Waits for exit (default bound 30 s) and returns the exit code; throws with the transcript past the bound.</summary>
    public int WaitForExit(TimeSpan? bound = null)
    {
        if (!_process.WaitForExit(bound ?? s_defaultBound))
        {
            throw new TimeoutException($"{_name} did not exit; transcript:\n{Transcript}");
        }

        _process.WaitForExit(); // flushes the asynchronous readers, so Lines and Transcript are complete
        return _process.ExitCode;
    }

    /// <summary>Sends a POSIX signal (see <see cref="NativeSignal"/>) to this process alone, by PID.</summary>
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
    }

    private void Add(string? line)
    {
        lock (_gate)
        {
            // A null line is the end of one stream: once both have ended no line can come.
            if (line is null)
            {
                _openStreams--;
            }
            else
            {
                _lines.Add(line);
            }

            Monitor.PulseAll(_gate);
        }
    }
}
