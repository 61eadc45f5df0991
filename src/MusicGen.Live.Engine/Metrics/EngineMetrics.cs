using MusicGen.Live.Engine.Continuation;

namespace MusicGen.Live.Engine.Metrics;

/// <summary>
/// Counters and latency figures of a running engine, for the console view, the bench verb and tests.
/// </summary>
/// <remarks>
/// Threading: each counter has one writer (noted beside it) that bumps it without locks or allocation;
/// any thread may read. Values read while the engine runs are a moment's view, not a consistent snapshot.
/// </remarks>
public sealed class EngineMetrics
{
    private long _notesIn;
    private long _notesOut;
    private long _generatedNotes;
    private long _continuations;
    private long _watchdogReleases;
    private long _polyphonySteals;
    private long _suppressedNoteOffs;
    private long _panics;
    private long _sendFailures;
    private long _heapFull;
    private long _faults;
    private string? _lastFault;
    private long _offsOwed;
    private long _earlyVelocities;
    private long _engineAllocated;
    private long _schedulerAllocated;
    private readonly long[] _ended = new long[Enum.GetValues<ContinuationEnd>().Length];  // per reason: continuations ended
    private readonly long[] _silent = new long[Enum.GetValues<ContinuationEnd>().Length]; // per reason: of those, ended having handed over no note

    /// <summary>Player onset → message sent, for the player's own notes (humanize off/causal/look-ahead delay included). Scheduler thread.</summary>
    public LatencyHistogram PlayerLatency { get; } = new();

    /// <summary>Send time minus due time of every event handed to the scheduler ahead of its time (generated, look-ahead). Scheduler thread.</summary>
    public LatencyHistogram ScheduleError { get; } = new();

    /// <summary>First note of each continuation: send time minus its scheduled time. Scheduler thread.</summary>
    public LatencyHistogram TriggerLateness { get; } = new();

    /// <summary>First note of each continuation: send time minus the trigger (includes the wait for the next beat). Scheduler thread.</summary>
    public LatencyHistogram TriggerToFirstNote { get; } = new();

    /// <summary>Note-ons received from the player. Engine thread.</summary>
    public long NotesIn => Volatile.Read(ref _notesIn);

    /// <summary>Note-ons sent. Scheduler thread.</summary>
    public long NotesOut => Volatile.Read(ref _notesOut);

    /// <summary>Generated note-ons sent. Scheduler thread.</summary>
    public long GeneratedNotes => Volatile.Read(ref _generatedNotes);

    /// <summary>Continuations started. Engine thread.</summary>
    public long Continuations => Volatile.Read(ref _continuations);

    /// <summary>Notes ended because they were held past the limit. Scheduler thread.</summary>
    public long WatchdogReleases => Volatile.Read(ref _watchdogReleases);

    /// <summary>Oldest notes ended to keep within the polyphony cap. Scheduler thread.</summary>
    public long PolyphonySteals => Volatile.Read(ref _polyphonySteals);

    /// <summary>Note-offs not sent because their note was not sounding (already ended by watchdog, cap or cancel). Scheduler thread.</summary>
    public long SuppressedNoteOffs => Volatile.Read(ref _suppressedNoteOffs);

    /// <summary>Panics executed. Scheduler thread.</summary>
    public long Panics => Volatile.Read(ref _panics);

    /// <summary>Sends the output refused (port lost, queue full). Scheduler thread.</summary>
    public long SendFailures => Volatile.Read(ref _sendFailures);

    /// <summary>Events dropped because the scheduler's pending heap was full. Scheduler thread.</summary>
    public long HeapFull => Volatile.Read(ref _heapFull);

    /// <summary>Faults caught on any thread: a stage or model that threw or gave a non-finite value, an exception at a thread's top. Any thread.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>
    /// The last fault, named for the console and the closing summary: which thread, what failed, the exception's
    /// type and message (null while none). Written by the faulting thread (a fault path: it may allocate).
    /// </summary>
    public string? LastFault => Volatile.Read(ref _lastFault);

    /// <summary>Notes whose note-off the output refused: still tracked as sounding and retried. Scheduler thread (a moment's count).</summary>
    public long NoteOffsOwed => Volatile.Read(ref _offsOwed);

    /// <summary>
    /// Player notes whose velocity the stage gave with less look-ahead than asked (released early by a delay-ring overflow,
    /// or forced out of a full stream): shown, never silent. Engine thread.
    /// </summary>
    public long EarlyVelocities => Volatile.Read(ref _earlyVelocities);

    /// <summary>Bytes the engine thread allocated since it entered its loop (steady state should not move it). Engine thread.</summary>
    public long EngineAllocatedBytes => Volatile.Read(ref _engineAllocated);

    /// <summary>Bytes the scheduler thread allocated since it entered its loop. Scheduler thread.</summary>
    public long SchedulerAllocatedBytes => Volatile.Read(ref _schedulerAllocated);

    internal void NoteIn() => Volatile.Write(ref _notesIn, _notesIn + 1);

    internal void NoteOut(bool generated)
    {
        Volatile.Write(ref _notesOut, _notesOut + 1);
        if (generated)
        {
            Volatile.Write(ref _generatedNotes, _generatedNotes + 1);
        }
    }

    internal void ContinuationStarted() => Volatile.Write(ref _continuations, _continuations + 1);

    /// <summary>Continuations ended for <paramref name="reason"/> (played through, cut by the player, ...). Engine thread.</summary>
    public long ContinuationsEnded(ContinuationEnd reason) => Volatile.Read(ref _ended[(int)reason]);

    /// <summary>Of <see cref="ContinuationsEnded"/>, those that handed over no note at all. Engine thread.</summary>
    public long SilentContinuations(ContinuationEnd reason) => Volatile.Read(ref _silent[(int)reason]);

    /// <summary>
    /// How continuations ended, for the console and the closing summary: "5 full, 2 cut by player, 1 silent (no notes
    /// decoded)". Any thread (allocates: not for the engine thread).
    /// </summary>
    public string ContinuationSummary()
    {
        var parts = new List<string>();
        foreach (var reason in Enum.GetValues<ContinuationEnd>())
        {
            var ended = ContinuationsEnded(reason);
            if (ended == 0)
            {
                continue;
            }

            var silent = SilentContinuations(reason);
            var name = reason switch
            {
                ContinuationEnd.Completed => "full",
                ContinuationEnd.PlayerPlayed => "cut by player",
                ContinuationEnd.NoContext => "not started (nothing played yet)",
                ContinuationEnd.NoNotes => "stopped (no notes decoded)",
                ContinuationEnd.Fault => "stopped (generator fault)",
                ContinuationEnd.Panic => "stopped (panic)",
                _ => "stopped (mode change)",
            };
            parts.Add(silent > 0 && reason != ContinuationEnd.NoContext ? $"{ended} {name}, {silent} of them silent" : $"{ended} {name}");
        }

        return parts.Count == 0 ? "none ended" : string.Join("; ", parts);
    }

    /// <summary>
    /// The same counts as one token for the closing summary line: reason:count[/silent], comma-separated, e.g.
    /// "completed:5,player_played:2/1,no_notes:1/1"; "none" before any ended. Any thread (allocates).
    /// </summary>
    public string ContinuationEndsCompact()
    {
        var parts = new List<string>();
        foreach (var reason in Enum.GetValues<ContinuationEnd>())
        {
            var ended = ContinuationsEnded(reason);
            if (ended > 0)
            {
                var silent = SilentContinuations(reason);
                var name = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());
                parts.Add(silent > 0 ? $"{name}:{ended}/{silent}" : $"{name}:{ended}");
            }
        }

        return parts.Count == 0 ? "none" : string.Join(',', parts);
    }

    internal void ContinuationEnded(ContinuationEnd reason, bool silent)
    {
        Volatile.Write(ref _ended[(int)reason], _ended[(int)reason] + 1);
        if (silent)
        {
            Volatile.Write(ref _silent[(int)reason], _silent[(int)reason] + 1);
        }
    }

    internal void WatchdogRelease() => Volatile.Write(ref _watchdogReleases, _watchdogReleases + 1);

    internal void PolyphonySteal() => Volatile.Write(ref _polyphonySteals, _polyphonySteals + 1);

    internal void SuppressedNoteOff() => Volatile.Write(ref _suppressedNoteOffs, _suppressedNoteOffs + 1);

    internal void Panic() => Volatile.Write(ref _panics, _panics + 1);

    internal void SendFailure() => Volatile.Write(ref _sendFailures, _sendFailures + 1);

    internal void HeapFullDrop() => Volatile.Write(ref _heapFull, _heapFull + 1);

    /// <summary>Counts a fault and names it: <paramref name="what"/> says which thread and what failed.</summary>
    internal void Fault(string what, Exception? exception = null)
    {
        Interlocked.Increment(ref _faults);
        Volatile.Write(ref _lastFault, exception is null ? what : $"{what}: {exception.GetType().Name}: {exception.Message}");
    }

    internal void OffsOwed(long count) => Volatile.Write(ref _offsOwed, count);

    internal void EarlyVelocity(long count) => Volatile.Write(ref _earlyVelocities, _earlyVelocities + count);

    internal void EngineAllocated(long bytes) => Volatile.Write(ref _engineAllocated, bytes);

    internal void SchedulerAllocated(long bytes) => Volatile.Write(ref _schedulerAllocated, bytes);
}
