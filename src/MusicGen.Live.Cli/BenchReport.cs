using System.Globalization;

namespace MusicGen.Live.Cli;

/// <summary>Prints the closing <c>name=value</c> lines of a bench verb, invariant culture, one per figure.</summary>
public static class BenchReport
{
    public static void Figure(string name, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value:0.######}"));

    public static void Figure(string name, long value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value}"));

    /// <summary>A named fact that is not a number (which stage ran, a warning), in the same <c>name=value</c> form.</summary>
    public static void Text(string name, string value) => Console.WriteLine($"{name}={value}");
}
