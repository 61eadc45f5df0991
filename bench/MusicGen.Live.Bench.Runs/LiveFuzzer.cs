using System.Diagnostics;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// The live path in-process on a simulated clock, fed fuzzed byte streams: the engine's input receiver (the
/// stream parser), the engine processor with the given stages, the output scheduler, and an
/// <see cref="OutputChecker"/> as the output port, stepped on one thread as the engine and scheduler threads
/// would. Each stream arrives in pieces of 1–16 bytes a few ms apart; then the player lets go (note-offs for the
/// keys the engine holds, pedal up, the starting modes restored by their control CCs, all through the receiver)
/// and time passes until the engine is quiet. After every stream: nothing may sound and no pedal be down, no
/// exception may have escaped, no malformed message may have been sent. Allocation is measured per window of
/// streams after a warm-up, apart from streams that switch the humanize mode (a new StyleNet stream, by design).
/// </summary>
/// <remarks>Threading: one thread (the caller's) plays every part.</remarks>
public sealed class LiveFuzzer : IDisposable
{
    private const int MaxDeliveryBytes = 16; // a JACK event or an RtMidi callback rarely carries more
    private const int MaxGapMs = 30;

    private const double StepMs = 10;
    private const double MinSettleMs = 2000; // look-ahead delay, the silence that triggers an answer, the answer itself
    private const int Windows = 4;

    private readonly EngineOptions _options;
    private readonly FuzzStreams _streams;
    private readonly SpscRing<EngineEvent> _inputRing = new(1 << 12);
    private readonly SpscRing<EngineEvent> _outputRing = new(1 << 12);
    private readonly EngineInputReceiver _receiver;
    private readonly EngineProcessor _processor;
    private readonly OutputScheduler _scheduler;
    private readonly EngineMetrics _metrics = new();
    private readonly OutputChecker _output = new();
    private readonly int[] _held = new int[16 * 128]; // what the engine took in as held, (channel, key)
    private readonly bool[] _pedal = new bool[16];
    private readonly byte[] _release = new byte[(16 * 128 * 3) + (16 * 3) + 6];
    private readonly byte _humanizeValue;
    private readonly byte _continuationValue;
    private long _now = MidiClock.FromMilliseconds(1_000_000);
    private long _eventsIn;
    private long _modeSwitches;
    private bool _humanizeSwitched; // a note of the current stream reached the stage in another humanize mode than the last
    private HumanizeMode _stageMode;
    private readonly double _maxSettleMs;

    public LiveFuzzer(EngineOptions options, IVelocityStage velocity, IPhraseGenerator generator, FuzzStreams streams)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(streams);
        _options = options;
        _streams = streams;
        _receiver = new EngineInputReceiver(_inputRing);
        _processor = new EngineProcessor(options, velocity, generator, _outputRing, null, _metrics, _now);
        _scheduler = new OutputScheduler(_output, _outputRing, null, _metrics, options.Safety.PolyphonyCap, options.Safety.MaxNoteSeconds);
        _stageMode = options.Humanize.Mode;
        _humanizeValue = (byte)(((int)options.Humanize.Mode * 43) + 1);
        _continuationValue = (byte)(((int)options.Continuation.Mode * 43) + 1);
        _maxSettleMs = (options.Safety.MaxNoteSeconds * 1000) + 2000; // past the watchdog: anything left then hangs
    }

    public string VelocityStageName => _processor.VelocityStageName;

    public string GeneratorName => _processor.GeneratorName;

    public void Dispose() => _output.Dispose();

    /// <summary>Runs <paramref name="count"/> streams; the first tenth (at most 20,000) warm up before allocation is measured.</summary>
    public FuzzReport Run(long count)
    {
        var warmUp = Math.Min(count / 10, 20_000);
        var windowLength = Math.Max(1, (count - warmUp + Windows - 1) / Windows);
        var windows = new long[count > warmUp ? Windows : 0];
        long bytes = 0, exceptions = 0, hanging = 0, switchStreams = 0, switchBytes = 0;
        string? firstDefect = null;
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < count; i++)
        {
            var malformedBefore = _output.Malformed;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            _humanizeSwitched = false;
            try
            {
                var stream = _streams.Next();
                bytes += stream.Length;
                Play(stream);
                LetGo();
                if (!Settle())
                {
                    hanging++;
                    firstDefect ??= $"stream {i}: {_output.Sounding} note(s) sounding, {_output.PedalsDown} pedal(s) down, "
                        + $"{_scheduler.PendingCount} event(s) pending, "
                        + $"generating {_processor.Generating} ({_processor.ContinuationMode}) "
                        + $"{_maxSettleMs / 1000:0} s after the player let go";
                }
            }
            catch (Exception ex)
            {
                exceptions++;
                firstDefect ??= $"stream {i}: {ex}";
            }

            if (_output.Malformed != malformedBefore)
            {
                firstDefect ??= $"stream {i}: a malformed message was sent";
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (i < warmUp)
            {
                continue;
            }

            if (_humanizeSwitched)
            {
                // Streams that switch between causal and look-ahead (the StyleNet stage restarts its stream) are counted apart.
                switchStreams++;
                switchBytes += allocated;
            }
            else
            {
                windows[(i - warmUp) / windowLength] += allocated;
            }
        }

        return new FuzzReport
        {
            Streams = count,
            Bytes = bytes,
            RejectedBytes = _receiver.Rejected,
            IgnoredMessages = _receiver.Ignored,
            EventsIn = _eventsIn,
            NotesIn = _metrics.NotesIn,
            NoteOnsOut = _output.NoteOns,
            GeneratedNotes = _metrics.GeneratedNotes,
            Continuations = _metrics.Continuations,
            ModeSwitches = _modeSwitches,
            Panics = _metrics.Panics,
            Faults = _metrics.Faults,
            WatchdogReleases = _metrics.WatchdogReleases,
            Dropped = _inputRing.Dropped + _outputRing.Dropped + _metrics.HeapFull,
            Exceptions = exceptions,
            HangingStreams = hanging,
            MalformedOut = _output.Malformed,
            FirstDefect = firstDefect,
            AllocationWindows = windows,
            SteadyStreams = Math.Max(0, count - warmUp) - switchStreams,
            HumanizeSwitchStreams = switchStreams,
            HumanizeSwitchBytes = switchBytes,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The stream in deliveries of 1 to <see cref="MaxDeliveryBytes"/> bytes, up to <see cref="MaxGapMs"/> apart, as ports split it.</summary>
    private void Play(ReadOnlySpan<byte> stream)
    {
        var random = _streams.Random;
        var at = 0;
        while (at < stream.Length)
        {
            var n = Math.Min(stream.Length - at, random.Next(1, MaxDeliveryBytes + 1));
            Deliver(stream.Slice(at, n));
            at += n;
            Advance(random.Next(0, MaxGapMs + 1));
        }
    }

    /// <summary>The player lets go: note-offs for every key the engine holds, pedal up, the starting modes restored.</summary>
    private void LetGo()
    {
        var n = 0;
        for (var key = 0; key < _held.Length; key++)
        {
            for (; _held[key] > 0; _held[key]--)
            {
                _release[n++] = (byte)(0x80 | (key >> 7));
                _release[n++] = (byte)(key & 0x7F);
                _release[n++] = 0;
            }
        }

        for (var channel = 0; channel < 16; channel++)
        {
            if (_pedal[channel])
            {
                _release[n++] = (byte)(0xB0 | channel);
                _release[n++] = 64;
                _release[n++] = 0;
            }
        }

        if (_processor.HumanizeMode != _options.Humanize.Mode || _processor.ContinuationMode != _options.Continuation.Mode)
        {
            _modeSwitches++;
            _release[n++] = 0xB0;
            _release[n++] = (byte)_options.Controls.HumanizeMode;
            _release[n++] = _humanizeValue;
            _release[n++] = 0xB0;
            _release[n++] = (byte)_options.Controls.ContinuationMode;
            _release[n++] = _continuationValue;
        }

        Deliver(_release.AsSpan(0, n));
    }

    /// <summary>Lets time pass until the engine is quiet; false when a note or pedal is still down past the watchdog.</summary>
    private bool Settle()
    {
        for (var waited = 0.0; waited < _maxSettleMs; waited += StepMs)
        {
            Advance(StepMs);
            if (waited >= MinSettleMs && Quiet())
            {
                return true;
            }
        }

        return Quiet();
    }

    private bool Quiet() => _output.Sounding == 0 && _output.PedalsDown == 0 && _scheduler.PendingCount == 0 && !_processor.Generating;

    private void Deliver(ReadOnlySpan<byte> bytes)
    {
        _receiver.Receive(bytes, _now);
        while (_inputRing.TryRead(out var e))
        {
            _eventsIn++;
            Track(e);
            _processor.Process(e);
            if ((e.IsNoteOn || e.IsNoteOff) && _processor.HumanizeMode != HumanizeMode.Off)
            {
                // The stage builds its stream for the mode at the first onset or release after a switch between causal
                // and look-ahead.
                _humanizeSwitched |= _processor.HumanizeMode != _stageMode;
                _stageMode = _processor.HumanizeMode;
            }
        }

        _processor.Tick(_now);
        _scheduler.Step(_now);
    }

    private void Track(in EngineEvent e)
    {
        var key = e.NoteKey;
        if (e.IsNoteOn)
        {
            _held[key]++;
        }
        else if (e.IsNoteOff && _held[key] > 0)
        {
            _held[key]--;
        }
        else if (e.Command == 0xB0 && e.Data1 == 64)
        {
            _pedal[e.Channel] = e.Data2 >= 64;
        }
    }

    private void Advance(double ms)
    {
        var end = _now + MidiClock.FromMilliseconds(ms);
        while (_now < end)
        {
            _now = Math.Min(end, _now + MidiClock.FromMilliseconds(5));
            _processor.Tick(_now);
            _scheduler.Step(_now);
        }
    }
}
