using System.Globalization;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>
/// Plays a <see cref="RandomSession"/> through the engine processor and the output scheduler on the test thread,
/// in 1 ms slices of a virtual clock (as the live engine's two threads would, minus the threads), into a
/// <see cref="SoundingOutput"/>, and checks "no hanging note" after every slice: each note sounding on the output
/// must end by its deadline —
/// <list type="bullet">
/// <item>any note: the watchdog (held past <see cref="MaxNoteMs"/>, ended within its period);</item>
/// <item>a player's note the player has released: the release plus the look-ahead delay (once look-ahead mode was on),
/// unless the scheduler ring dropped something (a lost player note-off is the watchdog's);</item>
/// <item>a generated note: its longest intended length (continuation: the generator's longest duration;
/// accompaniment: two beats of at most a second);</item>
/// <item>a note whose note-off the output refused: the retry, within the watchdog's period of the refusal;</item>
/// <item>a deadline that fell while the scheduler thread stalled: its first step after the stall.</item>
/// </list>
/// At the end (the output working again) the engine stops as the live engine does, and nothing may sound, no
/// pedal may be down, and no note-on may ever have hit a key still sounding.
/// </summary>
public sealed class SessionRunner
{
    public const int MaxNoteMs = 4000;
    private const int WatchdogPeriodMs = 10;
    private const int SliceSlackMs = 2; // the 1 ms slice, and a note-off due one tick after its note-on
    private const int ContinuationChannel = 1;
    private const int AccompanimentChannel = 2;

    private readonly RandomSession _session;
    private readonly SpscRing<EngineEvent> _ring;
    private readonly EngineProcessor _processor;
    private readonly OutputScheduler _scheduler;
    private readonly SoundingOutput _output;
    private readonly long[] _pressed = new long[SoundingOutput.KeyCount];  // ms of the player's last press per key
    private readonly bool[] _held = new bool[SoundingOutput.KeyCount];     // the player's last message for the key was a press
    private readonly long[] _released = new long[SoundingOutput.KeyCount]; // ms of the player's last release per key
    private bool _lookaheadSeen;
    private long _now;
    private long _stallEnd = long.MinValue; // when the scheduler's last stall ended

    public SessionRunner(RandomSession session)
    {
        _session = session;
        var options = new EngineOptions();
        options.Humanize.Mode = session.Humanize;
        options.Humanize.LookaheadMs = session.LookaheadMs;
        options.Continuation.Mode = session.Continuation;
        options.Safety.MaxNoteSeconds = MaxNoteMs / 1000.0;
        Array.Fill(_pressed, long.MinValue);
        Array.Fill(_released, long.MinValue);
        _ring = new SpscRing<EngineEvent>(session.RingCapacity);
        _output = new SoundingOutput(session.Seed) { FailPercent = session.FailPercent };
        Metrics = new EngineMetrics();
        _processor = new EngineProcessor(options, new FlakyVelocityStage(session.Seed + 1, session.StageFaultOdds),
            new FlakyGenerator(session.Seed + 2, session.GeneratorFaultOdds), _ring, null, Metrics, EngineRig.T0);
        _scheduler = new OutputScheduler(_output, _ring, null, Metrics, options.Safety.PolyphonyCap, options.Safety.MaxNoteSeconds);
        _lookaheadSeen = session.Humanize == HumanizeMode.Lookahead;
    }

    public EngineMetrics Metrics { get; }

    /// <summary>Events the scheduler ring refused (full).</summary>
    public long RingDropped => _ring.Dropped;

    /// <summary>Sends the output refused.</summary>
    public int OutputRefused => _output.RefusedCount;

    /// <summary>Plays the session; throws <see cref="HangingNoteException"/> at the first broken promise.</summary>
    public void Run()
    {
        foreach (var step in _session.Steps)
        {
            Advance(step.WaitMs);
            Apply(step);
        }

        Advance(1);
        _output.FailPercent = 0; // the port works again: stop must now reach everything the tracker kept
        var at = EngineRig.At(_now);
        _processor.Tick(at);
        _scheduler.Step(at);
        _scheduler.Stop(at);
        if (_output.SoundingKeys.Count > 0)
        {
            Fail($"after stop, still sounding: {string.Join(", ", _output.SoundingKeys.Select(Describe))}");
        }

        for (var channel = 0; channel < 16; channel++)
        {
            if (_output.PedalDown(channel))
            {
                Fail($"after stop, the sustain pedal is still down on channel {channel + 1}");
            }
        }

        if (_output.DoubleStrikes > 0)
        {
            Fail($"{_output.DoubleStrikes} note-on(s) sent to a key still sounding");
        }
    }

    private void Advance(int ms)
    {
        for (var i = 0; i < ms; i++)
        {
            _now++;
            _processor.Tick(EngineRig.At(_now));
            _scheduler.Step(EngineRig.At(_now));
            Check();
        }
    }

    private void Apply(in SessionStep step)
    {
        var key = (step.Channel << 7) | step.Data1;
        switch (step.Kind)
        {
            case SessionStepKind.SchedulerStall:
                for (var i = 0; i < step.Data2; i++)
                {
                    _now++;
                    _processor.Tick(EngineRig.At(_now)); // the engine thread goes on; nothing is sent, so nothing is checked
                }

                _stallEnd = _now;
                return;
            case SessionStepKind.RequestPanic:
                _scheduler.RequestPanic();
                _scheduler.Step(EngineRig.At(_now));
                Check();
                return;
            case SessionStepKind.NoteOn:
                _pressed[key] = _now;
                _held[key] = true;
                Play(0x90, step);
                break;
            case SessionStepKind.NoteOff:
                _released[key] = _now;
                _held[key] = false;
                Play(0x80, step);
                break;
            case SessionStepKind.NoteOnVelocityZero:
                _released[key] = _now;
                _held[key] = false;
                Play(0x90, step);
                break;
            default:
                Play(0xB0, step);
                break;
        }
    }

    private void Play(int command, in SessionStep step)
    {
        var at = EngineRig.At(_now);
        _processor.Process(new EngineEvent(at, at, EventKind.Input, (byte)(command | step.Channel), step.Data1, step.Data2));
        _lookaheadSeen |= _processor.HumanizeMode == HumanizeMode.Lookahead;
        _processor.Tick(at);
        _scheduler.Step(at);
        Check();
    }

    private void Check()
    {
        foreach (var key in _output.SoundingKeys)
        {
            var deadline = Deadline(key);
            if (_now > deadline)
            {
                Fail($"{Describe(key)} still sounds at {_now} ms, past its deadline {deadline} ms");
            }
        }
    }

    private long Deadline(int key)
    {
        var onset = Ms(_output.OnsetOf(key));
        var deadline = onset + MaxNoteMs + WatchdogPeriodMs + SliceSlackMs;
        var channel = key >> 7;
        if (channel == ContinuationChannel)
        {
            deadline = Math.Min(deadline, onset + (long)(FlakyGenerator.MaxDurationSeconds * 1000) + SliceSlackMs);
        }
        else if (channel == AccompanimentChannel)
        {
            deadline = Math.Min(deadline, onset + 2000 + SliceSlackMs);
        }
        else if (_released[key] != long.MinValue && !_held[key] && _ring.Dropped == 0)
        {
            deadline = Math.Min(deadline, _released[key] + (_lookaheadSeen ? _session.LookaheadMs : 0) + SliceSlackMs);
        }

        var refused = _output.RefusedOffAt(key);
        if (refused != long.MinValue)
        {
            deadline = Math.Max(deadline, Ms(refused) + WatchdogPeriodMs + SliceSlackMs);
        }

        // A deadline that fell in the scheduler's stall is due at its first step after it (earlier ones failed before).
        return _stallEnd == long.MinValue ? deadline : Math.Max(deadline, _stallEnd + SliceSlackMs);
    }

    private string Describe(int key) => string.Create(CultureInfo.InvariantCulture,
        $"channel {(key >> 7) + 1} pitch {key & 0x7F} (on at {Ms(_output.OnsetOf(key))} ms, player pressed {Show(_pressed[key])}, released {Show(_released[key])})");

    private static string Show(long ms) => ms == long.MinValue ? "never" : ms.ToString(CultureInfo.InvariantCulture) + " ms";

    private static long Ms(long time) => (long)Math.Round(EngineRig.Ms(time));

    private void Fail(string what) => throw new HangingNoteException(string.Create(CultureInfo.InvariantCulture,
        $"{what}; faults {Metrics.Faults} (last: {Metrics.LastFault ?? "none"}), ring dropped {_ring.Dropped}, output refused {_output.RefusedCount}"));
}

/// <summary>A broken "no hanging note" promise found by <see cref="SessionRunner"/>.</summary>
public sealed class HangingNoteException(string message) : Exception(message);
