using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Core;

/// <summary>Continuation: call-and-response after a silence or trigger, or accompaniment below the player. Engine thread only.</summary>
public sealed partial class EngineProcessor
{
    private const int RecentCapacity = 32;

    // Notes sampled per Tick at most: a model step takes milliseconds, and the player's next message must not wait
    // behind a burst (the loop ticks about every millisecond, so this still decodes hundreds of notes a second).
    private const int DecodeBudget = 2;
    private readonly long[] _recentTime = new long[RecentCapacity]; // (RecentCapacity) ring of the player's onsets
    private readonly byte[] _recentPitch = new byte[RecentCapacity]; // (RecentCapacity) and their pitches
    private readonly long[] _accompanimentEnds = new long[16]; // (16) end time of each accompaniment voice
    private readonly long[] _pitchEnds = new long[128]; // (128) when the last generated note of each pitch ends
    private int _recentCount;
    private int _notesSinceContinuation;
    private bool _generating;
    private bool _accompanying;
    private bool _firstPending;
    private long _cursor;      // onset of the next generated note, ticks
    private long _end;         // continuation ends here
    private long _trigger;     // when it was triggered (silence threshold passed, or the trigger CC)
    private long _lastDue;     // latest due time handed to the scheduler for generated notes
    private int _chordRun;     // zero time shifts in a row (a runaway chord is spread out)
    private int _lowestRecent = 60;

    private void CallAndResponseTick(long now)
    {
        if (!_generating && _heldCount == 0 && _tempo.LastOnset != 0
            && _notesSinceContinuation >= _options.Continuation.MinPlayerNotes)
        {
            var threshold = _tempo.SilenceThreshold(_options.Continuation.SilenceIoiFactor, MidiClock.FromMilliseconds(_options.Continuation.SilenceFloorMs));
            if (now - _tempo.LastOnset >= threshold)
            {
                StartContinuation(now, _tempo.LastOnset + threshold);
            }
        }

        if (_generating)
        {
            Decode(now);
        }
    }

    /// <summary>Time to decode the first notes before the first one is due (the next beat at least this far ahead).</summary>
    private long StartLead => Math.Max(_scheduleAhead, MidiClock.FromMilliseconds(_options.Continuation.StartLeadMs));

    /// <summary>Starts the answer on the next beat of the player's grid, so the pulse carries on.</summary>
    private void StartContinuation(long now, long trigger)
    {
        var beat = _tempo.BeatTicks(now);
        _cursor = _tempo.NextBeat(now + StartLead, beat);
        _end = _cursor + (_options.Continuation.LengthSeconds > 0
            ? MidiClock.FromMilliseconds(_options.Continuation.LengthSeconds * 1000)
            : (long)(_options.Continuation.LengthBars * 4 * beat));
        _trigger = trigger;
        _generating = true;
        _firstPending = true;
        _notesSinceContinuation = 0;
        _chordRun = 0;
        _metrics.ContinuationStarted();
        _generation.Begin(Sampling);
        if (_generation.Faulted)
        {
            GeneratorFault("threw", _generation.Fault);
        }
    }

    /// <summary>Samples notes until the decode horizon (or the end) and hands them to the scheduler.</summary>
    private void Decode(long now)
    {
        var horizon = now + MidiClock.FromMilliseconds(_options.Continuation.DecodeAheadMs);
        var channel = _options.Continuation.Channel - 1;
        var grid = _tempo.BeatTicks(now) / 4;
        for (var budget = DecodeBudget; _generating && _cursor <= horizon && budget > 0; budget--)
        {
            if (!TrySample(out var note))
            {
                return;
            }

            if (!_firstPending)
            {
                _cursor += Quantize(note.TimeShiftSeconds, grid);
            }

            if (_cursor >= _end)
            {
                _generating = false;
                _generation.Cancel(); // the answer is complete: nothing more to decode ahead
                return;
            }

            var off = Math.Min(_end, _cursor + Math.Max(MidiClock.FromMilliseconds(30), MidiClock.FromMilliseconds(note.DurationSeconds * 1000)));
            EmitGenerated(channel, note.Pitch, note.Velocity, off);
        }
    }

    private void AccompanimentTick(long now)
    {
        var beat = _tempo.BeatTicks(now);
        var silent = _tempo.LastOnset == 0 || now - _tempo.LastOnset > (long)(_options.Accompaniment.StopAfterBars * 4 * beat);
        if (_accompanying && silent && _heldCount == 0)
        {
            _accompanying = false; // notes already handed over finish on their own
            _generation.Cancel();
        }
        else if (!_accompanying && !silent)
        {
            _accompanying = true;
            _cursor = _tempo.NextBeat(now + StartLead, beat);
            _trigger = now;
            _firstPending = true;
            Array.Clear(_accompanimentEnds);
            _generation.Begin(Sampling);
            if (_generation.Faulted)
            {
                GeneratorFault("threw", _generation.Fault);
                return;
            }
        }

        var horizon = now + MidiClock.FromMilliseconds(_options.Continuation.DecodeAheadMs);
        var channel = _options.Accompaniment.Channel - 1;
        var top = LowestRecent(now) - _options.Accompaniment.BelowSemitones;
        var bottom = Math.Max(0, top - _options.Accompaniment.RegisterSpan);
        for (var budget = DecodeBudget; _accompanying && _cursor <= horizon && top > bottom && budget > 0; budget--)
        {
            if (!TrySample(out var note))
            {
                return;
            }

            var pitch = (int)note.Pitch;
            while (pitch > top)
            {
                pitch -= 12;
            }

            while (pitch < bottom)
            {
                pitch += 12;
            }

            var off = _cursor + Math.Clamp(MidiClock.FromMilliseconds(note.DurationSeconds * 1000), beat / 4, 2 * beat);
            var voice = FreeVoice(_cursor);
            if (voice >= 0 && pitch <= top && EmitGenerated(channel, pitch, note.Velocity, off))
            {
                _accompanimentEnds[voice] = off;
            }

            _cursor += Math.Max(beat / 2, Quantize(note.TimeShiftSeconds, beat / 2));
        }
    }

    /// <summary>
    /// Hands one generated note (on at the cursor, off at <paramref name="off"/>) to the scheduler, both in one ring
    /// write or neither (a full ring must not keep the on and lose the off). A pitch still sounding from an earlier
    /// generated note is skipped: its pending note-off would otherwise cut the new one short.
    /// </summary>
    private bool EmitGenerated(int channel, int pitch, byte velocity, long off)
    {
        if (_pitchEnds[pitch] > _cursor)
        {
            return false;
        }

        if (!_toScheduler.TryWritePair(
            EngineEvent.NoteOn(_cursor, _trigger, EventKind.Generated, channel, pitch, velocity, _firstPending),
            EngineEvent.NoteOff(off, _trigger, EventKind.Generated, channel, pitch)))
        {
            return false; // dropped whole (counted by the ring)
        }

        _pitchEnds[pitch] = off;
        _lastDue = Math.Max(_lastDue, off);
        _firstPending = false;
        return true;
    }

    /// <summary>A voice free at <paramref name="time"/> within the polyphony limit, or -1.</summary>
    private int FreeVoice(long time)
    {
        for (var i = 0; i < _options.Accompaniment.Polyphony && i < _accompanimentEnds.Length; i++)
        {
            if (_accompanimentEnds[i] <= time)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The next sampled note, when ready (a worker may still be decoding it: the next tick tries again).</summary>
    private bool TrySample(out GeneratedNote note)
    {
        if (_generation.TryTake(Sampling, out note))
        {
            if (double.IsFinite(note.TimeShiftSeconds) && double.IsFinite(note.DurationSeconds) && note.Pitch <= 127)
            {
                return true;
            }

            GeneratorFault($"gave a note out of range (time shift {note.TimeShiftSeconds}, duration {note.DurationSeconds}, pitch {note.Pitch})", null);
            return false;
        }

        if (_generation.Faulted)
        {
            GeneratorFault("threw", _generation.Fault);
        }

        return false;
    }

    private long Quantize(double seconds, long grid)
    {
        var steps = Math.Max(0, (long)Math.Round(MidiClock.FromMilliseconds(seconds * 1000) / (double)Math.Max(1, grid)));
        _chordRun = steps == 0 ? _chordRun + 1 : 0;
        return (_chordRun > 3 ? 1 : steps) * grid; // at most 4 notes per chord
    }

    /// <summary>The player plays again (or panic, or a mode change): drop what is pending and end what sounds.</summary>
    private void StopGenerated(long now)
    {
        if (ContinuationMode == ContinuationMode.Accompaniment)
        {
            return; // accompaniment plays alongside the player
        }

        var wasActive = _generating || now < _lastDue;
        if (_generating)
        {
            _generation.Cancel();
        }

        _generating = false;
        if (!wasActive)
        {
            return;
        }

        _lastDue = 0;
        Array.Clear(_pitchEnds); // the cancel ends them all
        _toScheduler.TryWrite(new EngineEvent(now, 0, EventKind.CancelGenerated, 0, (byte)(_options.Continuation.Channel - 1), 0));
    }

    private void RememberRecent(long time, byte pitch)
    {
        _recentTime[_recentCount % RecentCapacity] = time;
        _recentPitch[_recentCount % RecentCapacity] = pitch;
        _recentCount++;
    }

    private int LowestRecent(long now)
    {
        var window = MidiClock.FromMilliseconds(_options.Accompaniment.RecentSeconds * 1000);
        var lowest = int.MaxValue;
        for (var i = 0; i < Math.Min(_recentCount, RecentCapacity); i++)
        {
            if (now - _recentTime[i] <= window)
            {
                lowest = Math.Min(lowest, _recentPitch[i]);
            }
        }

        if (lowest != int.MaxValue)
        {
            _lowestRecent = lowest;
        }

        return _lowestRecent;
    }

    /// <summary>
    /// The generator failed: continuation is off from here on, said in the generator's name and the fault count;
    /// every sounding note ends.
    /// </summary>
    private void GeneratorFault(string what, Exception? exception)
    {
        _generatorFailed = true;
        _generatorName = $"off ({_generation.Name} faulted)";
        _metrics.Fault($"engine thread: generator {_generation.Name} {what}", exception);
        Panic(_lastTick);
    }
}
