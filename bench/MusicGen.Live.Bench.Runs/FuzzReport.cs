namespace MusicGen.Live.Bench.Runs;

/// <summary>What a <see cref="LiveFuzzer"/> run saw. The defects (exceptions, hanging notes, malformed output) must be 0.</summary>
public sealed record FuzzReport
{
    public long Streams { get; init; }

    public long Bytes { get; init; }

    public long RejectedBytes { get; init; }

    public long IgnoredMessages { get; init; }

    public long EventsIn { get; init; }

    public long NotesIn { get; init; }

    public long NoteOnsOut { get; init; }

    public long GeneratedNotes { get; init; }

    public long Continuations { get; init; }

    public long ModeSwitches { get; init; }

    public long Panics { get; init; }

    public long Faults { get; init; }

    public long WatchdogReleases { get; init; }

    public long Dropped { get; init; }

    /// <summary>Streams in which the live path threw.</summary>
    public long Exceptions { get; init; }

    /// <summary>Streams after which a note (or a sustain pedal) still sounded once the player let go and time passed.</summary>
    public long HangingStreams { get; init; }

    public long MalformedOut { get; init; }

    /// <summary>The first defect, described (null when none).</summary>
    public string? FirstDefect { get; init; }

    /// <summary>Streams after warm-up that switched the humanize mode (causal ↔ look-ahead builds a new StyleNet stream).</summary>
    public long HumanizeSwitchStreams { get; init; }

    /// <summary>Bytes those streams allocated (kept apart from the windows).</summary>
    public long HumanizeSwitchBytes { get; init; }

    /// <summary>Bytes this thread allocated in each steady-state window (after warm-up, without humanize switches), in order.</summary>
    public IReadOnlyList<long> AllocationWindows { get; init; } = [];

    public long SteadyStreams { get; init; }

    public double Seconds { get; init; }

    public double SteadyBytesPerStream => SteadyStreams == 0 ? 0 : AllocationWindows.Sum() / (double)SteadyStreams;
}
