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
/// A note-off the output refuses leaves its note tracked (owed) and is retried with the watchdog's period, so a
/// note is never forgotten while it may sound; a note-on is not sent over a note whose off was refused.
/// Stop and panic end every note, then send the pedal up (CC 64 0) on every channel the engine sent on, the
/// player's forwarded pedal included, and all-notes-off (CC 123) where an off could not be delivered.
/// </summary>
/// <remarks>
/// Threading: <see cref="Run"/> is the scheduler thread's loop (coarse sleep, then a short spin before each
/// due time); <see cref="Step"/>, <see cref="ReleaseAll"/> are that thread's (tests call them directly on
/// one thread). <see cref="RequestPanic"/> and <see cref="RequestStop"/> may be called from any thread: they
/// set flags the loop reads. No allocation, lock or throw in the loop. Output sends never throw by contract;
/// should anything throw all the same, <see cref="Run"/> catches it at the top, counts and names the fault,
/// ends every sounding note and goes on.
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
    private int _channelsUsed; // bit per channel a message went out on (notes, the player's pedal): where stop and panic reach
    private int _channelsFailed; // bit per channel where the output refused a message: all-notes-off goes there at stop
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

    /// <summary>
    /// The scheduler thread's loop, until <see cref="RequestStop"/>; ends every sounding note and lifts the pedal
    /// before returning. An exception is caught here, at the thread's top: counted, named, every note ended.
    /// </summary>
    public void Run()
    {
        var baseline = GC.GetAllocatedBytesForCurrentThread();
        while (Volatile.Read(ref _stopRequested) == 0)
        {
            long wait;
            try
            {
                wait = Step(MidiClock.Now);
            }
            catch (Exception exception)
            {
                Fault(exception);
                wait = long.MaxValue; // sleep a moment: a fault that repeats must not spin a core
            }

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
        try
        {
            Step(MidiClock.Now);
        }
        catch (Exception exception)
        {
            _metrics.Fault("scheduler thread (stopping)", exception);
        }

        Stop(MidiClock.Now);
    }

    /// <summary>
    /// Scheduler thread, the last thing it does: every sounding note off, the pedal up on every channel used,
    /// all-notes-off where a message was refused. Never throws.
    /// </summary>
    public void Stop(long now)
    {
        try
        {
            ReleaseAll(now, allNotesOff: false);
        }
        catch (Exception exception)
        {
            _metrics.Fault("scheduler thread (stopping)", exception);
        }
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

    /// <summary>
    /// Scheduler thread: note-off for every sounding note now, then the pedal up (CC 64 0) on every channel used,
    /// or sustained notes ring on; all-notes-off (CC 123) on every channel used with <paramref name="allNotesOff"/>,
    /// else on those where the output refused a message or a note-off is still owed. Returns the notes ended.
    /// </summary>
    public int ReleaseAll(long now, bool allNotesOff)
    {
        var released = 0;
        for (var i = _sounding.Count - 1; i >= 0; i--)
        {
            if (EndNote(_sounding.KeyAt(i), now, EventKind.Player))
            {
                released++;
            }
        }

        var unreached = _channelsFailed;
        for (var i = 0; i < _sounding.Count; i++)
        {
            unreached |= 1 << (_sounding.KeyAt(i) >> 7); // still owed after one more try
        }

        for (var channel = 0; channel < 16; channel++)
        {
            var bit = 1 << channel;
            if ((_channelsUsed & bit) == 0)
            {
                continue;
            }

            Send(EngineEvent.Control(now, channel, 64, 0), now);
            if ((allNotesOff || (unreached & bit) != 0) && Send(EngineEvent.Control(now, channel, 123, 0), now))
            {
                _channelsFailed &= ~bit;
            }
        }

        _metrics.OffsOwed(_sounding.OwedCount);
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
                    // Due already (causal path, or this thread ran late): no trip through the heap, but what the heap
                    // holds due before it goes first, or a late note-off would overtake its own note-on.
                    while (_pending.Count > 0 && _pending.Peek().Time <= e.Time)
                    {
                        Dispatch(_pending.Pop(), now, scheduled: true);
                    }

                    Dispatch(e, now, scheduled: false);
                }
                else if (!_pending.TryPush(e))
                {
                    _metrics.HeapFullDrop();
                    if (e.IsNoteOff)
                    {
                        Dispatch(e, now, scheduled: false); // early rather than never: its note may be sounding
                    }
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

    /// <summary>Ends notes held past the limit and retries the note-offs the output refused.</summary>
    private void Watchdog(long now)
    {
        for (var i = _sounding.Count - 1; i >= 0; i--)
        {
            var key = _sounding.KeyAt(i);
            if (_sounding.IsOwed(key))
            {
                EndNote(key, now, EventKind.Player);
            }
            else if (now - _sounding.OnsetAt(i) > _maxHoldTicks)
            {
                EndNote(key, now, EventKind.Player);
                _metrics.WatchdogRelease();
            }
        }

        _metrics.OffsOwed(_sounding.OwedCount);
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
                if (!EndNote(key, now, e.Kind)) // re-struck: keep every on paired with exactly one off
                {
                    _metrics.SendFailure(); // the old note's off was refused: no second on over it
                    return;
                }
            }
            else if (_sounding.Count >= _polyphonyCap)
            {
                if (!EndNote(_sounding.KeyAt(_sounding.Oldest()), now, e.Kind))
                {
                    _metrics.SendFailure();
                    return;
                }

                _metrics.PolyphonySteal();
            }

            if (Send(e, now))
            {
                _sounding.Add(key, now);
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

            if (!Send(e, now))
            {
                _sounding.MarkOwed(e.NoteKey); // it may still sound: keep it, retry with the watchdog
                return;
            }

            _sounding.Remove(e.NoteKey);
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

    /// <summary>Note-off for a sounding note now; the note stays tracked (owed) if the output refuses it.</summary>
    private bool EndNote(int key, long now, EventKind kind)
    {
        now = Math.Max(now, _sounding.OnsetOf(key)); // a note-on handed over ahead: its note-off follows it
        if (Send(EngineEvent.NoteOff(now, 0, kind, key >> 7, key & 0x7F), now))
        {
            _sounding.Remove(key);
            return true;
        }

        _sounding.MarkOwed(key);
        return false;
    }

    private void Fault(Exception exception)
    {
        _metrics.Fault("scheduler thread", exception);
        try
        {
            ReleaseAll(MidiClock.Now, allNotesOff: true);
            _metrics.Panic();
        }
        catch (Exception again)
        {
            _metrics.Fault("scheduler thread (ending notes after a fault)", again);
        }
    }

    private bool Send(in EngineEvent e, long now)
    {
        Span<byte> bytes = stackalloc byte[3];
        var length = e.CopyTo(bytes);

        // Due time in the past (late, or sent at once): stamp "now" so a sample-clock backend does not
        // squeeze it into an earlier frame than it can still honour.
        var ok = _output.SendAt(bytes[..length], Math.Max(e.Time, now));
        var channelBit = e.Status < 0xF0 ? 1 << e.Channel : 0;
        if (!ok)
        {
            _channelsFailed |= channelBit;
            _metrics.SendFailure();
            return false;
        }

        _channelsUsed |= channelBit;
        _record?.TryWrite(e with { Time = Math.Max(e.Time, now) }); // when it sounds
        return true;
    }
}
