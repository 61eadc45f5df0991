using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// Sends the engine's events at their due time on the <see cref="MidiClock"/> and owns the truth about what
/// is sounding: every note-on that leaves is tracked until its note-off; a re-struck key is ended first; the
/// polyphony cap ends the oldest note; the watchdog ends notes held past the limit; panic, cancel and stop
/// end what they must. A note-off for a note that is not sounding is not sent (its note was already ended).
/// </summary>
/// <remarks>
/// Threading: <see cref="Run"/> is the scheduler thread's loop (coarse sleep, then a short spin before each
/// due time); <see cref="Step"/>, <see cref="ReleaseAll"/> are that thread's (tests call them directly on
/// one thread). <see cref="RequestPanic"/> and <see cref="RequestStop"/> may be called from any thread: they
/// set flags the loop reads. No allocation, lock or throw in the loop (output sends never throw by contract).
/// Messages go out with <see cref="IMidiOutput.SendAt"/> and their due time, so a backend with a sample clock
/// (JACK) places them on the exact frame. An output with a <see cref="IMidiOutput.ScheduleHorizon"/> gets them that
/// far ahead of their due time (the backend, not this thread's wake-up, then decides when they sound); a note counts
/// as sounding from its due time, and a note ended early (panic, stop, steal) gets its note-off no earlier than that,
/// so a note-on already handed over is always followed by its note-off.
/// </remarks>
public sealed class OutputScheduler
{
    private readonly IMidiOutput _output;
    private readonly SpscRing<EngineEvent> _input;
    private readonly SpscRing<EngineEvent>? _record;
    private readonly EngineMetrics _metrics;
    private readonly EventHeap _pending;
    private readonly SoundingNotes _sounding = new();
    private readonly int _polyphonyCap;
    private readonly long _maxHoldTicks;
    private readonly long _spinTicks = MidiClock.FromMilliseconds(2); // Sleep(1) overshoots by ~0.1 ms on an idle Linux box
    private readonly long _watchdogPeriod = MidiClock.FromMilliseconds(10);
    private readonly long _ahead; // the output's schedule horizon: events are handed over this early
    private int _channelsUsed; // bit per channel that carried a note: where an all-notes-off goes
    private long _nextWatchdog;
    private int _panicRequested;
    private int _stopRequested;

    public OutputScheduler(IMidiOutput output, SpscRing<EngineEvent> input, SpscRing<EngineEvent>? record, EngineMetrics metrics, int polyphonyCap, double maxNoteSeconds, int pendingCapacity = 4096)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(polyphonyCap, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNoteSeconds);
        _output = output;
        _input = input;
        _record = record;
        _metrics = metrics;
        _polyphonyCap = polyphonyCap;
        _maxHoldTicks = MidiClock.FromMilliseconds(maxNoteSeconds * 1000);
        _pending = new EventHeap(pendingCapacity);
        _ahead = Math.Max(0, output.ScheduleHorizon);
    }

    /// <summary>Notes sounding now (display, tests after the loop ended).</summary>
    public int SoundingCount => _sounding.Count;

    public int PendingCount => _pending.Count;

    /// <summary>Any thread: all notes off at the next step.</summary>
    public void RequestPanic() => Volatile.Write(ref _panicRequested, 1);

    /// <summary>Any thread: <see cref="Run"/> sends what is due, ends every sounding note and returns.</summary>
    public void RequestStop() => Volatile.Write(ref _stopRequested, 1);

    /// <summary>The scheduler thread's loop, until <see cref="RequestStop"/>; ends every sounding note before returning.</summary>
    public void Run()
    {
        var baseline = GC.GetAllocatedBytesForCurrentThread();
        while (Volatile.Read(ref _stopRequested) == 0)
        {
            var now = MidiClock.Now;
            var wait = Step(now);
            _metrics.SchedulerAllocated(GC.GetAllocatedBytesForCurrentThread() - baseline);
            if (wait > _spinTicks || _ahead > 0) // handing over ahead: the output keeps the time, no need to spin
            {
                Thread.Sleep(1); // coarse: ~1 ms on Linux; the spin below takes over near the due time
            }
            else if (wait > 0)
            {
                Thread.Yield(); // spin, but let another runnable thread in: two cores are shared
            }
        }

        // Engine thread has stopped writing; send what is already due, then end everything.
        Step(MidiClock.Now);
        ReleaseAll(MidiClock.Now, allNotesOff: false);
    }

    /// <summary>
    /// One pass: takes new events from the engine, handles a panic request, sends everything due at
    /// <paramref name="now"/>, runs the watchdog. Returns ticks until the next due event (long.MaxValue when none).
    /// </summary>
    public long Step(long now)
    {
        while (_input.TryRead(out var e))
        {
            Accept(e, now);
        }

        if (Interlocked.Exchange(ref _panicRequested, 0) != 0)
        {
            Panic(now);
        }

        while (_pending.Count > 0 && _pending.Peek().Time <= now + _ahead)
        {
            Dispatch(_pending.Pop(), now, scheduled: true);
        }

        if (now >= _nextWatchdog)
        {
            Watchdog(now);
            _nextWatchdog = now + _watchdogPeriod;
        }

        return _pending.Count > 0 ? _pending.Peek().Time - _ahead - now : long.MaxValue;
    }

    /// <summary>Scheduler thread: note-off for every sounding note now; with <paramref name="allNotesOff"/>, CC 123 on every channel used too.</summary>
    public int ReleaseAll(long now, bool allNotesOff)
    {
        var released = 0;
        while (_sounding.Count > 0)
        {
            var key = _sounding.KeyAt(_sounding.Count - 1);
            EndNote(key, now, EventKind.Player);
            released++;
        }

        if (allNotesOff)
        {
            for (var channel = 0; channel < 16; channel++)
            {
                if ((_channelsUsed & (1 << channel)) != 0)
                {
                    Send(EngineEvent.Control(now, channel, 64, 0), now); // pedal up, or sustained notes ring on
                    Send(EngineEvent.Control(now, channel, 123, 0), now);
                }
            }
        }

        return released;
    }

    private void Accept(in EngineEvent e, long now)
    {
        switch (e.Kind)
        {
            case EventKind.Panic:
                Panic(now);
                break;
            case EventKind.CancelGenerated:
                CancelGenerated(e.Data1, now);
                break;
            default:
                if (e.Time <= now)
                {
                    Dispatch(e, now, scheduled: false); // due already (causal path): no trip through the heap
                }
                else if (!_pending.TryPush(e))
                {
                    _metrics.HeapFullDrop();
                }

                break;
        }
    }

    private void Panic(long now)
    {
        _pending.RemoveAll(static (e, _) => e.IsNoteOn, 0); // pending note-offs stay harmless: their notes are not sounding
        ReleaseAll(now, allNotesOff: true);
        _metrics.Panic();
    }

    private void CancelGenerated(int channel, long now)
    {
        _pending.RemoveAll(static (e, ch) => e.Kind == EventKind.Generated && e.Channel == ch, channel);
        for (var i = _sounding.Count - 1; i >= 0; i--)
        {
            var key = _sounding.KeyAt(i);
            if ((key >> 7) == channel)
            {
                EndNote(key, now, EventKind.Generated);
            }
        }
    }

    private void Watchdog(long now)
    {
        for (var i = _sounding.Count - 1; i >= 0; i--)
        {
            if (now - _sounding.OnsetAt(i) > _maxHoldTicks)
            {
                EndNote(_sounding.KeyAt(i), now, EventKind.Player);
                _metrics.WatchdogRelease();
            }
        }
    }

    /// <param name="scheduled">Came through the heap (handed over ahead of its due time): its lateness is the schedule error.</param>
    private void Dispatch(in EngineEvent e, long now, bool scheduled)
    {
        now = Math.Max(e.Time, now); // when it sounds: later than now when handed over ahead
        if (e.IsNoteOn)
        {
            var key = e.NoteKey;
            if (_sounding.Contains(key))
            {
                EndNote(key, now, e.Kind); // re-struck: keep every on paired with exactly one off
            }
            else if (_sounding.Count >= _polyphonyCap)
            {
                EndNote(_sounding.KeyAt(_sounding.Oldest()), now, e.Kind);
                _metrics.PolyphonySteal();
            }

            if (Send(e, now))
            {
                _sounding.Add(key, now);
                _channelsUsed |= 1 << e.Channel;
                _metrics.NoteOut(e.Kind == EventKind.Generated);
                RecordTiming(e, now, scheduled);
            }
        }
        else if (e.IsNoteOff)
        {
            if (!_sounding.Contains(e.NoteKey))
            {
                _metrics.SuppressedNoteOff();
                return;
            }

            _sounding.Remove(e.NoteKey);
            Send(e, now);
            if (scheduled)
            {
                _metrics.ScheduleError.Record(now - e.Time);
            }
        }
        else
        {
            Send(e, now);
        }
    }

    private void RecordTiming(in EngineEvent e, long now, bool scheduled)
    {
        if (scheduled)
        {
            _metrics.ScheduleError.Record(now - e.Time);
        }

        if (e.Kind == EventKind.Player)
        {
            _metrics.PlayerLatency.Record(now - e.Origin);
        }
        else if (e.First)
        {
            _metrics.TriggerLateness.Record(now - e.Time);
            _metrics.TriggerToFirstNote.Record(now - e.Origin);
        }
    }

    private void EndNote(int key, long now, EventKind kind)
    {
        now = Math.Max(now, _sounding.OnsetOf(key)); // a note-on handed over ahead: its note-off follows it
        _sounding.Remove(key);
        Send(EngineEvent.NoteOff(now, 0, kind, key >> 7, key & 0x7F), now);
    }

    private bool Send(in EngineEvent e, long now)
    {
        Span<byte> bytes = stackalloc byte[3];
        var length = e.CopyTo(bytes);

        // Due time in the past (late, or sent at once): stamp "now" so a sample-clock backend does not
        // squeeze it into an earlier frame than it can still honour.
        var ok = _output.SendAt(bytes[..length], Math.Max(e.Time, now));
        if (!ok)
        {
            _metrics.SendFailure();
            return false;
        }

        _record?.TryWrite(e with { Time = Math.Max(e.Time, now) }); // when it sounds
        return true;
    }
}
