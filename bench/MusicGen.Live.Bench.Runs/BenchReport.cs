using System.Globalization;
using System.Runtime.InteropServices;
using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// Prints what every bench verb reports: the machine it ran on (CPU, SIMD width the kernels use, cores, load)
/// first, and the closing <c>name=value</c> lines, invariant culture, one per figure.
/// </summary>
public static class BenchReport
{
    public static void Figure(string name, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value:0.######}"));

    public static void Figure(string name, long value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value}"));

    /// <summary>A named fact that is not a number (which stage ran, a warning), in the same <c>name=value</c> form.</summary>
    public static void Text(string name, string value) => Console.WriteLine($"{name}={value}");

    /// <summary>
    /// <c>cpu=…</c> and <c>simd=…</c> lines: figures mean little without them (the same code runs several times
    /// slower on a CPU without AVX-512, and DOTNET_EnableAVX512=0 / DOTNET_EnableAVX=0 force narrower widths).
    /// </summary>
    public static void Machine()
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        Console.WriteLine($"cpu={CpuName()} ({RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, 1-min load average {load})");
        Console.WriteLine($"simd={SimdWidth.Describe()} runtime={RuntimeInformation.FrameworkDescription}");
    }

    /// <summary>The CPU's model name from /proc/cpuinfo (Linux), else what the runtime knows.</summary>
    public static string CpuName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal) || line.StartsWith("Model", StringComparison.Ordinal))
                    {
                        var colon = line.IndexOf(':');
                        if (colon > 0)
                        {
                            return line[(colon + 1)..].Trim();
                        }
                    }
                }
            }
        }
        catch (IOException)
        {
            // Unreadable cpuinfo: fall through to the environment's name.
        }

        return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? "unknown CPU";
    }
}
