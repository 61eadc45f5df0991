using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Continuation;

/// <summary>
/// The phrase model's live context as the file encoding (<see cref="PhraseMidi.ReadEvents"/>) has it: the player's
/// notes (key-held durations) and sustain-pedal changes, and the answers' notes that sounded, in onset order (at one
/// instant: pedal up, notes low to high, pedal down) with true time shifts. A note's duration is known only at its
/// release, so events wait here and are committed in order (<see cref="TryCommit"/>) once complete and older than a
/// watermark the caller gives (later arrivals at the same instant can still sort before them). At an answer's
/// start the events still waiting are given as they stand (<see cref="TryProvisional"/>: held notes with their
/// duration so far), to be rolled back and committed whole later.
/// Keys: a note-off lifts its key whatever number of note-ons struck it (a sequencer that re-strikes a key and
/// sends one note-off leaves it up); notes pair first in, first out per pitch, as the file reader pairs them; a note
/// left open on a lifted key ends at the key's last release (<see cref="CloseLingering"/>), and all-notes-off ends
/// every note (<see cref="AllUp"/>).
/// </summary>
/// <remarks>
/// Threading: the engine thread only. Fixed arrays sized at construction; no allocation, lock or throw per event.
/// More than <see cref="ForceAt"/> events waiting behind one held note commit that note with its duration so far
/// (counted in <see cref="ForcedCommits"/>) so that the context keeps flowing.
/// </remarks>
public sealed class LiveContext
{
    /// <summary>Events that may wait at most.</summary>
    public const int Capacity = 512;

    /// <summary>Waiting events from which the oldest is committed even if its key is still held.</summary>
    public const int ForceAt = Capacity / 2;

    private readonly ContextEntry[] _entries = new ContextEntry[Capacity]; // (Capacity) waiting events, sorted, from _head
    private readonly bool[] _down = new bool[128];   // (128) key held
    private readonly long[] _lastOff = new long[128]; // (128) time of the key's last release
    private readonly long _start;
    private int _head;
    private int _count;
    private int _keysDown;
    private bool _pedal;
    private long _lastCommitted;

    /// <param name="start">The session's start on the engine clock: the first event's shift is its time from here (as a file's from its start).</param>
    public LiveContext(long start)
    {
        _start = start;
        Reset();
    }

    /// <summary>Keys the player holds now.</summary>
    public int KeysDown => _keysDown;

    /// <summary>Events committed so far.</summary>
    public long Committed { get; private set; }

    /// <summary>Events waiting (open notes, and those behind them or too recent).</summary>
    public int Waiting => _count;

    /// <summary>Held notes committed with their duration so far because too many events waited behind them.</summary>
    public long ForcedCommits { get; private set; }

    /// <summary>Events that arrived older than one already committed (their shift is clamped to 0).</summary>
    public long LateEvents { get; private set; }

    /// <summary>Nothing committed or waiting: a model would have no context.</summary>
    public bool IsEmpty => Committed == 0 && _count == 0;

    public bool KeyDown(int pitch) => _down[pitch];

    public void Reset()
    {
        _head = 0;
        _count = 0;
        _keysDown = 0;
        _pedal = false;
        _lastCommitted = _start;
        Committed = 0;
        Array.Clear(_down);
        Array.Fill(_lastOff, long.MinValue);
    }

    /// <summary>The player strikes a key.</summary>
    public void NoteOn(long time, int pitch, int velocity)
    {
        if (!_down[pitch])
        {
            EndOpen(pitch, _lastOff[pitch]); // a note left open on a lifted key ends where the key went up
            _down[pitch] = true;
            _keysDown++;
        }

        Insert(new ContextEntry(time, ContextEntry.Note, (byte)pitch, (byte)velocity, ContextEntry.Open, false));
    }

    /// <summary>The player releases a key: its oldest open note ends here; the key is up.</summary>
    public void NoteOff(long time, int pitch)
    {
        for (var i = 0; i < _count; i++)
        {
            ref var e = ref _entries[_head + i];
            if (e.IsOpen && e.Pitch == pitch && !e.Generated)
            {
                e = e with { End = Math.Max(time, e.Time) };
                break;
            }
        }

        if (_down[pitch])
        {
            _down[pitch] = false;
            _keysDown--;
        }

        _lastOff[pitch] = time;
    }

    /// <summary>Sustain pedal (CC 64, value ≥ 64 down); repeats of the same state are dropped, as the file reader drops them.</summary>
    public void Pedal(long time, bool down)
    {
        if (down == _pedal)
        {
            return;
        }

        _pedal = down;
        Insert(new ContextEntry(time, down ? ContextEntry.PedalDown : ContextEntry.PedalUp, 0, 0, time, false));
    }

    /// <summary>An answer's note handed to the scheduler (on at <paramref name="on"/>, off at <paramref name="off"/>).</summary>
    public void Generated(long on, long off, int pitch, int velocity) =>
        Insert(new ContextEntry(on, ContextEntry.Note, (byte)pitch, (byte)velocity, Math.Max(on, off), true));

    /// <summary>The answer stopped at <paramref name="now"/>: its notes not yet begun never sounded; those sounding end here.</summary>
    public void CancelGenerated(long now)
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            var e = _entries[_head + i];
            if (e.Generated && e.Time >= now)
            {
                continue;
            }

            _entries[_head + kept++] = e.Generated && e.End > now ? e with { End = now } : e;
        }

        _count = kept;
    }

    /// <summary>All notes off (CC 123/120, panic): every key is up and every open note ends at <paramref name="now"/>.</summary>
    public void AllUp(long now)
    {
        for (var p = 0; p < 128; p++)
        {
            if (_down[p])
            {
                _down[p] = false;
                _lastOff[p] = now;
            }
        }

        _keysDown = 0;
        for (var i = 0; i < _count; i++)
        {
            ref var e = ref _entries[_head + i];
            if (e.IsOpen)
            {
                e = e with { End = Math.Max(now, e.Time) };
            }
        }
    }

    /// <summary>Notes still open on keys that are up (struck twice, released once) end at their key's last release.</summary>
    public void CloseLingering()
    {
        for (var i = 0; i < _count; i++)
        {
            ref var e = ref _entries[_head + i];
            if (e.IsOpen && !_down[e.Pitch])
            {
                e = e with { End = Math.Max(e.Time, _lastOff[e.Pitch]) };
            }
        }
    }

    /// <summary>
    /// The next event to commit: the oldest waiting one, once complete and older than <paramref name="watermark"/>
    /// (nothing can still arrive before it). Its shift is from the previous committed event.
    /// </summary>
    public bool TryCommit(long watermark, out PhraseEvent e)
    {
        e = default;
        if (_count == 0)
        {
            return false;
        }

        var front = _entries[_head];
        var forced = _count >= ForceAt;
        if (!forced && (front.IsOpen || front.Time >= watermark))
        {
            return false;
        }

        if (front.IsOpen)
        {
            ForcedCommits++;
            front = front with { End = Math.Max(front.Time, watermark) };
        }

        _head++;
        _count--;
        if (_count == 0)
        {
            _head = 0;
        }

        if (front.Time < _lastCommitted)
        {
            LateEvents++;
        }

        e = ToEvent(front, _lastCommitted, front.End);
        _lastCommitted = Math.Max(_lastCommitted, front.Time);
        Committed++;
        return true;
    }

    /// <summary>
    /// The waiting events that have begun by <paramref name="now"/>, in order, as they stand: open notes held until
    /// <paramref name="now"/>. Start with <paramref name="cursor"/> = 0 and <paramref name="previous"/> = 0.
    /// </summary>
    public bool TryProvisional(long now, ref int cursor, ref long previous, out PhraseEvent e)
    {
        e = default;
        if (cursor >= _count)
        {
            return false;
        }

        var entry = _entries[_head + cursor];
        if (entry.Time >= now)
        {
            cursor = _count;
            return false;
        }

        var from = cursor == 0 ? _lastCommitted : previous;
        e = ToEvent(entry, from, entry.IsOpen ? now : entry.End);
        previous = Math.Max(from, entry.Time);
        cursor++;
        return true;
    }

    private static PhraseEvent ToEvent(in ContextEntry entry, long from, long end)
    {
        var shift = Math.Max(0, entry.Time - from) / (double)MidiClock.Frequency;
        return entry.Order == ContextEntry.Note
            ? PhraseEvent.Note(shift, entry.Pitch, Math.Max(0, end - entry.Time) / (double)MidiClock.Frequency, entry.Velocity)
            : PhraseEvent.Pedal(shift, entry.Order == ContextEntry.PedalDown);
    }

    /// <summary>Ends the player's open notes of <paramref name="pitch"/> at <paramref name="end"/> (not before their onset).</summary>
    private void EndOpen(int pitch, long end)
    {
        for (var i = 0; i < _count; i++)
        {
            ref var e = ref _entries[_head + i];
            if (e.IsOpen && e.Pitch == pitch && !e.Generated)
            {
                e = e with { End = Math.Max(e.Time, end) };
            }
        }
    }

    /// <summary>Inserts in sorted place (from the back: events mostly arrive in order).</summary>
    private void Insert(in ContextEntry entry)
    {
        if (_count == Capacity)
        {
            // Only reachable if the caller never commits: the oldest waiting event is dropped rather than the newest.
            _head++;
            _count--;
        }

        if (_head + _count == Capacity)
        {
            Array.Copy(_entries, _head, _entries, 0, _count);
            _head = 0;
        }

        var i = _head + _count;
        while (i > _head && _entries[i - 1].SortsAfter(entry))
        {
            _entries[i] = _entries[i - 1];
            i--;
        }

        _entries[i] = entry;
        _count++;
    }
}
