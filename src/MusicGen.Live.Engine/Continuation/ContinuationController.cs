using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Timing;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Continuation;

/// <summary>
/// The phrase generator's side of the engine: keeps the live context (<see cref="LiveContext"/>) and feeds it to the
/// generator in the file encoding's order, decides when an answer (call-and-response) or accompaniment plays,
/// decodes it ahead and hands its notes to the scheduler, and counts how each continuation ended.
/// The context is what was played: the player's notes and pedal, and the answers' notes that sounded, at the times
/// they sounded. While an answer plays, commits wait (the model is decoding ahead from its context); when it ends
/// or is cut, the model rolls back to the last played event and the notes that sounded are committed in their
/// place. An answer starts only when every key is up (a key struck twice and released once is up), on the
/// player's next beat, and plays its configured length unless the player plays again.
/// </summary>
/// <remarks>
/// Threading: every member on the engine thread (the processor's <c>Process</c> and <c>Tick</c>); the mode,
/// sampling and name may be read by the console thread (a moment's value). It writes generated notes to the
/// scheduler ring (the processor's one producer thread). No allocation, lock or throw in steady state: a
/// generator that throws or gives a value out of range is counted, named in <see cref="GeneratorName"/>, switched
/// off, and the panic callback ends every sounding note.
/// </remarks>
public sealed class ContinuationController
{
    /// <summary>
    /// Events at least this old are committed even with no later input: an input stamped on arrival may be processed
    /// a little after a tick that saw a later clock (an event at the same instant could still sort before them).
    /// </summary>
    public static readonly long CommitMargin = MidiClock.FromMilliseconds(100);

    /// <summary>Rests (no playable note decoded) in a row after which an answer gives up, counted as <see cref="ContinuationEnd.NoNotes"/>.</summary>
    public const int MaxRests = 16;

    // Notes sampled per Tick at most: a model step takes milliseconds, and the player's next message must not wait
    // behind a burst (the loop ticks about every millisecond, so this still decodes hundreds of notes a second).
    private const int DecodeBudget = 2;

    // Most notes an answer may start at one instant (both hands' fingers): a generator stuck on one chord moves on by a
    // grid step, so the answer's clock always advances and the answer ends.
    private const int MaxChordNotes = 10;

    private readonly EngineOptions _options;
    private readonly IGenerationSource _generation;
    private readonly TempoEstimator _tempo;
    private readonly SpscRing<EngineEvent> _toScheduler;
    private readonly EngineMetrics _metrics;
    private readonly Action<long> _panic;
    private readonly long _scheduleAhead;
    private readonly AccompanimentVoicing _voicing;
    private readonly long[] _pitchEnds = new long[128]; // (128) when the last generated note of each pitch ends
    private int _notesSinceContinuation;
    private bool _answeredOnce; // MinPlayerNotes guards the first answer only
    private bool _generating;
    private bool _accompanying;
    private bool _firstPending; // the next note handed over is the answer's first (its latency is measured)
    private bool _sampledAny;   // the answer has sampled a note: the next one's time shift moves the cursor
    private bool _failed;
    private string? _failedName;
    private long _cursor;      // onset of the next generated note, ticks
    private long _end;         // continuation ends here
    private long _trigger;     // when it was triggered (silence threshold passed, or the trigger CC)
    private long _lastDue;     // latest due time handed to the scheduler for generated notes
    private long _lastInput;   // latest player message's time: context events older than it are complete in order
    private int _chordRun;     // zero time shifts in a row (a runaway chord is spread out)
    private int _rests;        // rests in a row in this continuation
    private int _handedOver;   // notes handed to the scheduler in this continuation

    /// <param name="panic">Called (engine thread) when the generator fails: ends every sounding note.</param>
    public ContinuationController(EngineOptions options, IGenerationSource generation, TempoEstimator tempo, SpscRing<EngineEvent> toScheduler, EngineMetrics metrics, long start, Action<long> panic)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(tempo);
        ArgumentNullException.ThrowIfNull(toScheduler);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(panic);
        _options = options;
        _generation = generation;
        _tempo = tempo;
        _toScheduler = toScheduler;
        _metrics = metrics;
        _panic = panic;
        _scheduleAhead = MidiClock.FromMilliseconds(options.Safety.ScheduleAheadMs);
        _voicing = new AccompanimentVoicing(options.Accompaniment);
        Context = new LiveContext(start);
        Mode = options.Continuation.Mode;
        Sampling = options.Sampling with { Style = options.Continuation.Style };
        _generation.Reset();
    }

    /// <summary>What the generator hears, in the file encoding.</summary>
    public LiveContext Context { get; }

    public ContinuationMode Mode { get; private set; }

    public SamplingSettings Sampling { get; set; }

    /// <summary>True while an answer is being decoded (call-and-response) or accompaniment runs.</summary>
    public bool Generating => _generating || _accompanying;

    /// <summary>True once the generator failed: continuation is off.</summary>
    public bool Failed => _failed;

    /// <summary>The generator in use; after a fault, says that continuation is off and which generator faulted.</summary>
    public string GeneratorName => _failedName ?? _generation.Name;

    /// <summary>The player strikes a key: a call-and-response answer stops at once.</summary>
    public void PlayerNoteOn(long time, byte pitch, byte velocity)
    {
        StopGenerated(time, ContinuationEnd.PlayerPlayed);
        _notesSinceContinuation++;
        _lastInput = Math.Max(_lastInput, time);
        _voicing.PlayerNote(time, pitch);
        Context.NoteOn(time, pitch, velocity);
    }

    /// <summary>The player releases a key.</summary>
    public void PlayerNoteOff(long time, byte pitch)
    {
        _lastInput = Math.Max(_lastInput, time);
        Context.NoteOff(time, pitch);
    }

    /// <summary>The player's sustain pedal changed.</summary>
    public void Pedal(long time, bool down)
    {
        _lastInput = Math.Max(_lastInput, time);
        Context.Pedal(time, down);
    }

    /// <summary>The trigger controller: an answer now (call-and-response), if none is playing.</summary>
    public void Trigger(long now)
    {
        if (Mode == ContinuationMode.CallAndResponse && !_generating && !_failed)
        {
            StartContinuation(now, now);
        }
    }

    /// <summary>A mode change: nothing the old mode started keeps sounding.</summary>
    public void SetMode(ContinuationMode mode, long now)
    {
        if (mode == Mode)
        {
            return;
        }

        EndAllGenerated(now);
        Mode = mode;
    }

    /// <summary>Panic or all-notes-off: every key is up, nothing generated plays on (the processor's panic ends what sounds).</summary>
    public void Panic(long now)
    {
        End(ContinuationEnd.Panic);
        _generating = false;
        _accompanying = false;
        _generation.Cancel();
        _lastDue = 0;
        Array.Clear(_pitchEnds); // the panic drops pending note-ons and ends what sounds
        Context.CancelGenerated(now);
        Context.AllUp(now);
    }

    /// <summary>Time passes: commit what is complete, detect silence, decode ahead.</summary>
    public void Tick(long now)
    {
        if (!_failed && _generation.Faulted)
        {
            Fault("threw", _generation.Fault, now); // a worker thread's generator threw (while observing, or decoding ahead)
        }

        if (_failed)
        {
            return;
        }

        // An answer being decoded holds commits back (its notes come back whole when it ends).
        if (!_generating && Commit(Math.Max(_lastInput, now - CommitMargin)) && _accompanying)
        {
            Rebegin(now); // accompaniment hears the player as it plays: go on from the new context
        }

        if (Mode == ContinuationMode.CallAndResponse)
        {
            CallAndResponseTick(now);
        }
        else if (Mode == ContinuationMode.Accompaniment)
        {
            AccompanimentTick(now);
        }
    }

    /// <summary>Feeds every complete event older than <paramref name="watermark"/>; true when any was fed.</summary>
    private bool Commit(long watermark)
    {
        var any = false;
        while (Context.TryCommit(watermark, out var e))
        {
            any = true;
            _generation.Observe(e);
        }

        if (_generation.Faulted)
        {
            Fault("threw", _generation.Fault, watermark);
        }

        return any;
    }

    private void CallAndResponseTick(long now)
    {
        if (!_generating && Context.KeysDown == 0 && _tempo.LastOnset != 0
            && _notesSinceContinuation >= (_answeredOnce ? 1 : _options.Continuation.MinPlayerNotes))
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
        _notesSinceContinuation = 0;
        _answeredOnce = true;
        _metrics.ContinuationStarted();
        if (!BeginFromContext(now))
        {
            return;
        }

        var beat = _tempo.BeatTicks(now);
        _cursor = _tempo.NextBeat(now + StartLead, beat);
        _end = _cursor + (_options.Continuation.LengthSeconds > 0
            ? MidiClock.FromMilliseconds(_options.Continuation.LengthSeconds * 1000)
            : (long)(_options.Continuation.LengthBars * 4 * beat));
        _trigger = trigger;
        _generating = true;
        _firstPending = true;
        _sampledAny = false;
        _chordRun = 0;
    }

    /// <summary>
    /// Commits everything complete, then begins the generator's continuation and feeds it the events still open
    /// (held notes with their duration so far). False (counted) when nothing was ever played: no context.
    /// </summary>
    private bool BeginFromContext(long now)
    {
        _rests = 0;
        _handedOver = 0;
        Context.CloseLingering();
        Commit(now);
        if (Context.IsEmpty)
        {
            _metrics.ContinuationEnded(ContinuationEnd.NoContext, silent: true);
            return false;
        }

        Rebegin(now);
        return !_failed;
    }

    /// <summary>Begins the generator's continuation from the committed context plus the events still open at <paramref name="now"/>.</summary>
    private void Rebegin(long now)
    {
        _generation.Begin(Sampling);
        var cursor = 0;
        var previous = 0L;
        while (Context.TryProvisional(now, ref cursor, ref previous, out var e))
        {
            _generation.ObserveProvisional(e);
        }

        if (_generation.Faulted)
        {
            Fault("threw", _generation.Fault, now);
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
            if (!TrySample(out var note, now))
            {
                return;
            }

            // The first note starts on the beat; later events move the cursor by their time shift, whether or not that
            // first note could sound (a skipped one must not hold the answer's clock still: it would never end).
            if (_sampledAny)
            {
                _cursor += _options.Continuation.SnapToGrid ? Quantize(note.TimeShiftSeconds, grid) : Shift(note.TimeShiftSeconds, grid);
            }

            if (_cursor >= _end)
            {
                Finish(ContinuationEnd.Completed);
                return;
            }

            if (note.IsRest)
            {
                if (++_rests >= MaxRests)
                {
                    Finish(ContinuationEnd.NoNotes);
                }

                continue;
            }

            _rests = 0;
            _sampledAny = true;
            var off = Math.Min(_end, _cursor + Math.Max(MidiClock.FromMilliseconds(30), MidiClock.FromMilliseconds(note.DurationSeconds * 1000)));
            EmitGenerated(channel, note.Pitch, note.Velocity, off);
        }
    }

    /// <summary>The answer is over (played through, or the generator gave nothing): nothing more to decode ahead.</summary>
    private void Finish(ContinuationEnd reason)
    {
        End(reason);
        _generating = false;
        _generation.Cancel();
    }

    /// <summary>Counts how the running continuation ended (once).</summary>
    private void End(ContinuationEnd reason)
    {
        if (_generating || _accompanying)
        {
            _metrics.ContinuationEnded(reason, silent: _handedOver == 0);
        }
    }

    private void AccompanimentTick(long now)
    {
        var beat = _tempo.BeatTicks(now);
        var silent = _tempo.LastOnset == 0 || now - _tempo.LastOnset > (long)(_options.Accompaniment.StopAfterBars * 4 * beat);
        if (_accompanying && silent && Context.KeysDown == 0)
        {
            End(ContinuationEnd.Completed);
            _accompanying = false; // notes already handed over finish on their own
            _generation.Cancel();
        }
        else if (!_accompanying && !silent)
        {
            _metrics.ContinuationStarted();
            if (!BeginFromContext(now))
            {
                return;
            }

            _accompanying = true;
            _cursor = _tempo.NextBeat(now + StartLead, beat);
            _trigger = now;
            _firstPending = true;
            _voicing.Start();
        }

        var horizon = now + MidiClock.FromMilliseconds(_options.Continuation.DecodeAheadMs);
        var channel = _options.Accompaniment.Channel - 1;
        _voicing.Update(now);
        for (var budget = DecodeBudget; _accompanying && _cursor <= horizon && _voicing.HasRoom && budget > 0; budget--)
        {
            if (!TrySample(out var note, now))
            {
                return;
            }

            if (!note.IsRest)
            {
                var pitch = _voicing.Fold(note.Pitch);
                var off = _cursor + Math.Clamp(MidiClock.FromMilliseconds(note.DurationSeconds * 1000), beat / 4, 2 * beat);
                var voice = _voicing.FreeVoice(_cursor);
                if (voice >= 0 && pitch <= _voicing.Top && EmitGenerated(channel, pitch, note.Velocity, off))
                {
                    _voicing.Occupy(voice, off);
                }
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
        _handedOver++;
        Context.Generated(_cursor, off, pitch, velocity);
        return true;
    }

    /// <summary>The next sampled note, when ready (a worker may still be decoding it: the next tick tries again).</summary>
    private bool TrySample(out GeneratedNote note, long now)
    {
        if (_generation.TryTake(Sampling, out note))
        {
            if (double.IsFinite(note.TimeShiftSeconds) && double.IsFinite(note.DurationSeconds) && note.Pitch <= 127)
            {
                return true;
            }

            Fault($"gave a note out of range (time shift {note.TimeShiftSeconds}, duration {note.DurationSeconds}, pitch {note.Pitch})", null, now);
            return false;
        }

        if (_generation.Faulted)
        {
            Fault("threw", _generation.Fault, now);
        }

        return false;
    }

    /// <summary>The time shift as sampled; the <see cref="MaxChordNotes"/>th note within a millisecond of the last moves on by <paramref name="grid"/>.</summary>
    private long Shift(double seconds, long grid)
    {
        var ticks = MidiClock.FromMilliseconds(Math.Max(0, seconds) * 1000);
        _chordRun = ticks < MidiClock.FromMilliseconds(1) ? _chordRun + 1 : 0;
        if (_chordRun < MaxChordNotes)
        {
            return ticks;
        }

        _chordRun = 0;
        return Math.Max(MidiClock.FromMilliseconds(1), grid);
    }

    private long Quantize(double seconds, long grid)
    {
        var steps = Math.Max(0, (long)Math.Round(MidiClock.FromMilliseconds(seconds * 1000) / (double)Math.Max(1, grid)));
        _chordRun = steps == 0 ? _chordRun + 1 : 0;
        return (_chordRun > 3 ? 1 : steps) * grid; // at most 4 notes per chord
    }

    /// <summary>The player plays again (or panic): drop what is pending and end what sounds. Accompaniment plays on.</summary>
    private void StopGenerated(long now, ContinuationEnd reason)
    {
        if (Mode == ContinuationMode.Accompaniment)
        {
            return; // accompaniment plays alongside the player
        }

        var wasActive = _generating || now < _lastDue;
        if (_generating)
        {
            End(reason);
            _generation.Cancel();
        }

        _generating = false;
        if (!wasActive)
        {
            return;
        }

        _lastDue = 0;
        Array.Clear(_pitchEnds); // the cancel ends them all
        Context.CancelGenerated(now);
        _toScheduler.TryWrite(new EngineEvent(now, 0, EventKind.CancelGenerated, 0, (byte)(_options.Continuation.Channel - 1), 0));
    }

    /// <summary>Leaving a continuation mode: nothing it started may keep sounding.</summary>
    private void EndAllGenerated(long now)
    {
        End(ContinuationEnd.ModeChange);
        _generating = false;
        _accompanying = false;
        _generation.Cancel();
        _lastDue = 0;
        Array.Clear(_pitchEnds);
        Context.CancelGenerated(now);
        _toScheduler.TryWrite(new EngineEvent(now, 0, EventKind.CancelGenerated, 0, (byte)(_options.Continuation.Channel - 1), 0));
        _toScheduler.TryWrite(new EngineEvent(now, 0, EventKind.CancelGenerated, 0, (byte)(_options.Accompaniment.Channel - 1), 0));
    }

    /// <summary>
    /// The generator failed: continuation is off from here on, said in the generator's name and the fault count;
    /// every sounding note ends.
    /// </summary>
    private void Fault(string what, Exception? exception, long now)
    {
        if (_failed)
        {
            return;
        }

        End(ContinuationEnd.Fault);
        _generating = false;
        _accompanying = false;
        _failed = true;
        _failedName = $"off ({_generation.Name} faulted)";
        _metrics.Fault($"engine thread: generator {_generation.Name} {what}", exception);
        _panic(now);
    }
}
