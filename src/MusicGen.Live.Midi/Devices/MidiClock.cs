using System.Diagnostics;

namespace MusicGen.Live.Midi.Devices;

/// <summary>
/// The one monotonic clock every port timestamp uses: <see cref="Stopwatch"/> ticks
/// (CLOCK_MONOTONIC on Linux), so inputs, outputs and the engine's scheduler compare times directly.
/// </summary>
/// <remarks>Threading: pure functions, safe on any thread, no allocation.</remarks>
public static class MidiClock
{
    /// <summary>Ticks per second of every timestamp.</summary>
    public static long Frequency => Stopwatch.Frequency;

    /// <summary>Now, in ticks.</summary>
    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>Converts a tick interval to milliseconds.</summary>
    public static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Converts milliseconds to a tick interval (rounded to the nearest tick).</summary>
    public static long FromMilliseconds(double milliseconds) => (long)Math.Round(milliseconds * Stopwatch.Frequency / 1000.0);
}
