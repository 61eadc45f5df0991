using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// Runs a command (this CLI again, or a tool) as a child process with the given environment (<c>NAME=VALUE</c> pairs
/// split by spaces, as <see cref="SimdTarget.Environment"/>), and returns the
/// <c>name=value</c> figures it printed. A child that fails stops the caller with its exit code and the end of its
/// output: a speed table with a silently missing cell would read as measured.
/// </summary>
public static class ChildBench
{
    /// <summary>This CLI's own verb (for example <c>bench decode --steps 200</c>) in a fresh process.</summary>
    public static IReadOnlyDictionary<string, string> Cli(string? environment, params string[] args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program is running");
        var entry = Assembly.GetEntryAssembly()?.Location;
        var viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet" && !string.IsNullOrEmpty(entry);
        return Run(host, viaDotnet ? [entry!, .. args] : args, environment);
    }

    public static IReadOnlyDictionary<string, string> Run(string program, IReadOnlyList<string> args, string? environment)
    {
        var (code, output) = Capture(program, args, environment);
        if (code != 0)
        {
            var what = $"{(environment is null ? "" : environment + " ")}{Path.GetFileName(program)} {string.Join(' ', args)}";
            throw new InvalidOperationException($"`{what}` exited with {code}: {string.Join(" | ", output.Trim().Split('\n').TakeLast(5))}");
        }

        return Figures(output);
    }

    /// <summary>The exit code and everything printed (standard output, then standard error).</summary>
    public static (int ExitCode, string Output) Capture(string program, IReadOnlyList<string> args, string? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in SimdTarget.Assignments(environment))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>The <c>name=value</c> lines of a bench's output (a later line of the same name wins).</summary>
    public static Dictionary<string, string> Figures(string output)
    {
        var figures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n'))
        {
            var eq = line.IndexOf('=');
            if (eq > 0 && !line[..eq].Contains(' ', StringComparison.Ordinal))
            {
                figures[line[..eq]] = line[(eq + 1)..].Trim();
            }
        }

        return figures;
    }

    public static double Number(IReadOnlyDictionary<string, string> figures, string name, string from) =>
        figures.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{from} printed no number for {name}");
}
