using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Continuation;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Timing;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// The engine thread's logic, a router: takes the player's messages, gives their notes velocities (humanize),
/// hands every note and pedal change to the <see cref="ContinuationController"/> (the phrase generator's context,
/// answers and accompaniment), obeys live control CCs, and hands everything to the scheduler as timed events.
/// </summary>
/// <remarks>
/// Threading: <see cref="Process"/> and <see cref="Tick"/> are called by the engine thread only (tests call
/// them on one thread with their own clock). It owns the stages' run state. It writes to the scheduler ring
/// and the recorder's input ring (SPSC, it is their only producer). No allocation, lock or throw in steady
/// state: a stage or generator that throws (or gives a value out of range: NaN, infinity, a pitch above 127)
/// is caught, counted and named in <see cref="EngineMetrics.LastFault"/>, switched off (thru, said in
/// <see cref="VelocityStageName"/> / <see cref="GeneratorName"/>), and a panic is sent. Player messages reach
/// the scheduler in the order they came, whatever the humanize mode did meanwhile: a due time never goes before
/// one already handed over, and a note-off is always due after its note-on.
/// The mode, sampling and name properties may be read by the console thread (a moment's value, for display).
/// </remarks>
public sealed partial class EngineProcessor
{
    private readonly EngineOptions _options;
    private readonly IVelocityStage _velocity;
    private readonly SpscRing<EngineEvent> _toScheduler;
    private readonly SpscRing<EngineEvent>? _record;
    private readonly EngineMetrics _metrics;
    private readonly TempoEstimator _tempo = new();
    private readonly ContinuationController _continuation;
    private readonly long _start;
    private readonly long _scheduleAhead;
    private bool _pedal; // the player's sustain pedal (CC 64 ≥ 64)
    private readonly long[] _onDue = new long[16 * 128]; // (channel × 128 + pitch) due time of the last player note-on handed over
    private long _playerDue; // the latest due time handed over for a player message: later ones never go before it
    private bool _stageFailed;
    private bool _panicOwed; // a panic the full scheduler ring refused: written on the next tick
    private string? _stageName;

    /// <summary>With the generator called inline on the engine thread (deterministic: tests, warm-up).</summary>
    public EngineProcessor(
        EngineOptions options,
        IVelocityStage velocity,
        IPhraseGenerator generator,
        SpscRing<EngineEvent> toScheduler,
        SpscRing<EngineEvent>? record,
        EngineMetrics metrics,
        long start)
        : this(options, velocity, new InlineGeneration(generator ?? throw new ArgumentNullException(nameof(generator))), toScheduler, record, metrics, start)
    {
    }

    /// <summary>With the generator reached through <paramref name="generation"/> (the live engine's worker thread).</summary>
    public EngineProcessor(
        EngineOptions options,
        IVelocityStage velocity,
        IGenerationSource generation,
        SpscRing<EngineEvent> toScheduler,
        SpscRing<EngineEvent>? record,
        EngineMetrics metrics,
        long start)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(velocity);
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(toScheduler);
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options;
        _velocity = velocity;
        _toScheduler = toScheduler;
        _record = record;
        _metrics = metrics;
        _start = start;
        _scheduleAhead = MidiClock.FromMilliseconds(options.Safety.ScheduleAheadMs);
        HumanizeMode = options.Humanize.Mode;
        HumanizeAmount = options.Humanize.Amount;
        _continuation = new ContinuationController(options, generation, _tempo, toScheduler, metrics, start, Panic);
        _lookaheadDelay = MidiClock.FromMilliseconds(options.Humanize.LookaheadMs);

        // The stage reads what arrives while a note waits: the delay less the schedule-ahead, in the model's own form,
        // taken from the ticks the engine actually waits so that the look-ahead has always passed when it asks. Decided
        // here only: the stage is handed it (its Lookahead follows the mode) and compares nothing else.
        VelocityLookahead = Lookahead.FromTicks(_lookaheadDelay - _scheduleAhead, MidiClock.Frequency);
        _velocity.Reset();
        _velocity.Lookahead = StageLookahead;
    }

    public HumanizeMode HumanizeMode { get; private set; }

    public double HumanizeAmount { get; private set; }

    public ContinuationMode ContinuationMode => _continuation.Mode;

    public SamplingSettings Sampling
    {
        get => _continuation.Sampling;
        private set => _continuation.Sampling = value;
    }

    /// <summary>The phrase generator's side: its live context, answers and accompaniment.</summary>
    public ContinuationController Continuation => _continuation;

    /// <summary>What the velocity stage reads after each onset in look-ahead mode (the added delay less the schedule-ahead).</summary>
    public Lookahead VelocityLookahead { get; }

    /// <summary>The fixed delay look-ahead mode adds to the player's notes, ms (0 in the other modes).</summary>
    public double AddedDelayMs => HumanizeMode == HumanizeMode.Lookahead ? MidiClock.ToMilliseconds(_lookaheadDelay) : 0;

    /// <summary>The player's beat as last estimated, seconds.</summary>
    public double BeatSeconds { get; private set; } = 0.5;

    /// <summary>True while a continuation is being decoded (call-and-response) or accompaniment runs.</summary>
    public bool Generating => _continuation.Generating;

    /// <summary>The stage in use; after a fault, says that the input velocity passes through and which stage faulted.</summary>
    public string VelocityStageName => _stageName ?? _velocity.Name;

    /// <summary>The generator in use; after a fault, says that continuation is off and which generator faulted.</summary>
    public string GeneratorName => _continuation.GeneratorName;

    /// <summary>Engine thread: one message from the input ring (its Time is the arrival time).</summary>
    public void Process(in EngineEvent e)
    {
        if (((e.Data1 | e.Data2) & 0x80) != 0) { return; } // defence in depth: the receiver validates, but a data byte indexes tables here
        if (e.Status == 0xF8)
        {
            _tempo.Clock(e.Time);
            return;
        }

        _record?.TryWrite(e);
        if (e.Command == 0xB0 && Control(e))
        {
            return;
        }

        if (e.Command == 0xB0 && e.Data1 == 64)
        {
            _pedal = e.Data2 >= 64;
            _continuation.Pedal(e.Time, _pedal);
        }

        if (e.IsNoteOn)
        {
            PlayerNoteOn(e);
        }
        else if (e.IsNoteOff)
        {
            PlayerNoteOff(e);
        }
        else
        {
            Forward(e);
        }
    }

    /// <summary>Engine thread: time passes — release delayed notes, detect silence, decode ahead.</summary>
    public void Tick(long now)
    {
        if (_panicOwed)
        {
            _panicOwed = !_toScheduler.TryWrite(new EngineEvent(now, 0, EventKind.Panic, 0, 0, 0));
        }

        ReleaseDelayed(now, flush: false);
        BeatSeconds = _tempo.BeatTicks(now) / (double)MidiClock.Frequency;
        _continuation.Tick(now);
    }

    private void PlayerNoteOn(in EngineEvent e)
    {
        _metrics.NoteIn();
        _continuation.PlayerNoteOn(e.Time, e.Data1, e.Data2); // the player plays again: an answer stops at once
        _tempo.Onset(e.Time);
        Humanize(e);
    }

    private void PlayerNoteOff(in EngineEvent e)
    {
        var pitch = e.Data1;
        if (_continuation.Context.KeyDown(pitch))
        {
            VelocityNoteOff(pitch, Seconds(e.Time));
        }

        _continuation.PlayerNoteOff(e.Time, pitch);
        Forward(e);
    }

    private void VelocityNoteOff(int pitch, double seconds)
    {
        // Humanize off feeds the stage no onsets, so it has no release to learn either.
        if (_stageFailed || HumanizeMode == HumanizeMode.Off)
        {
            return;
        }

        try
        {
            _velocity.NoteOff(pitch, seconds);
        }
        catch (Exception exception)
        {
            StageFault(0, "threw on a note-off", exception);
        }
    }

    /// <summary>The player's message leaves as it came (delayed in look-ahead mode so order is kept).</summary>
    private void Forward(in EngineEvent e)
    {
        if (HumanizeMode == HumanizeMode.Lookahead || _delayCount > 0)
        {
            Delay(e);
        }
        else
        {
            Emit(e, e.Time, e.Data2);
        }
    }

    /// <summary>
    /// Hands a player message to the scheduler, never due before one handed over earlier (leaving look-ahead mode
    /// would otherwise send new messages ahead of delayed ones), and a note-off strictly after its note-on (the
    /// scheduler sends note-offs first on a tie, which would leave the note sounding).
    /// </summary>
    private void Emit(in EngineEvent e, long due, byte data2)
    {
        due = Math.Max(due, _playerDue);
        if (e.IsNoteOff)
        {
            due = Math.Max(due, _onDue[e.NoteKey] + 1);
        }
        else if (e.IsNoteOn)
        {
            _onDue[e.NoteKey] = due;
        }

        _playerDue = due;
        _toScheduler.TryWrite(new EngineEvent(due, e.Time, EventKind.Player, e.Status, e.Data1, data2));
    }

    private void Panic(long now)
    {
        _continuation.Panic(now);
        _panicOwed = !_toScheduler.TryWrite(new EngineEvent(now, 0, EventKind.Panic, 0, 0, 0));
    }

    private double Seconds(long time) => (time - _start) / (double)MidiClock.Frequency;
}
