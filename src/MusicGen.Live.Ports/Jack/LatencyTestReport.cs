using System.Globalization;
using System.Text.RegularExpressions;

namespace MusicGen.Live.Ports.Jack;

/// <summary>
/// What Debian's <c>jack_midi_latency_test</c> printed: latency (average, lowest, highest), MIDI jitter
/// (peak, average) in milliseconds and frames, messages sent and received, xruns.
/// </summary>
public sealed record LatencyTestReport(
    double AverageMs,
    double AverageFrames,
    double LowestMs,
    double LowestFrames,
    double HighestMs,
    double HighestFrames,
    double PeakJitterMs,
    double PeakJitterFrames,
    double AverageJitterMs,
    double AverageJitterFrames,
    long Sent,
    long Received,
    long Xruns)
{
    public long Lost => Sent - Received;

    /// <summary>
    /// Highest capture latency JACK reports for the port the tool listens to (the device's output), frames:
    /// what a DAW would compensate. Null when the tool did not print it.
    /// </summary>
    public long? ReportedInPortFrames { get; init; }

    /// <summary>Highest playback latency JACK reports for the port the tool sends to (the device's input), frames.</summary>
    public long? ReportedOutPortFrames { get; init; }

    /// <summary>Parses the tool's output; throws <see cref="FormatException"/> naming the missing line.</summary>
    public static LatencyTestReport Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (avgMs, avgFrames) = Pair(output, "Average latency");
        var (lowMs, lowFrames) = Pair(output, "Lowest latency");
        var (highMs, highFrames) = Pair(output, "Highest latency");
        var (peakMs, peakFrames) = Pair(output, "Peak MIDI jitter");
        var (jitMs, jitFrames) = Pair(output, "Average MIDI jitter");
        return new LatencyTestReport(
            avgMs, avgFrames, lowMs, lowFrames, highMs, highFrames, peakMs, peakFrames, jitMs, jitFrames,
            Count(output, "Messages sent"), Count(output, "Messages received"), XrunCount(output))
        {
            ReportedInPortFrames = ReportedMax(output, "Reported in-port latency"),
            ReportedOutPortFrames = ReportedMax(output, "Reported out-port latency"),
        };
    }

    /// <summary>
    /// Whether a run printed no figures because it lost a message to xruns: the tool gives up after waiting for a
    /// message (its timeout), and on a loaded machine a non-real-time JACK server can overrun a cycle and drop what
    /// was sent in it. Such a run says nothing about the device under test and is worth taking again; a run that
    /// failed with no xruns is a real failure.
    /// </summary>
    public static bool SpoiledByXruns(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return XrunCount(output) > 0 && !Regex.IsMatch(output, @"Average latency:\s*[-0-9.]+\s*ms");
    }

    // "Reported in-port latency: 120.00-120.00 ms (5760-5760 frames)": the upper end of the range.
    private static long? ReportedMax(string output, string label)
    {
        var match = Regex.Match(output, Regex.Escape(label) + @":\s*[-0-9.]+-[-0-9.]+\s*ms\s*\(([0-9]+)-([0-9]+)\s*frames\)");
        return match.Success ? long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : null;
    }

    private static (double Ms, double Frames) Pair(string output, string label)
    {
        var match = Regex.Match(output, Regex.Escape(label) + @":\s*([-0-9.]+)\s*ms\s*\(([-0-9.]+)\s*frames\)");
        return match.Success
            ? (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : throw new FormatException($"jack_midi_latency_test output has no '{label}: … ms (… frames)' line");
    }

    // jack_midi_latency_test prints its "Xruns: N" line only when N > 0 (seen on a quiet machine), so
    // its absence means none, not a broken report.
    private static long XrunCount(string output) =>
        Regex.IsMatch(output, @"Xruns:\s*[0-9]+") ? Count(output, "Xruns") : 0;

    private static long Count(string output, string label)
    {
        var match = Regex.Match(output, Regex.Escape(label) + @":\s*([0-9]+)");
        return match.Success
            ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new FormatException($"jack_midi_latency_test output has no '{label}: N' line");
    }
}
