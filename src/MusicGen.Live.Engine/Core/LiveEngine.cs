using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Engine.Recording;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Threading;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// The running engine: input receiver → SPSC ring → engine thread (<see cref="EngineProcessor"/>) → SPSC ring
/// → scheduler thread (<see cref="OutputScheduler"/>) → output port; both feed the <see cref="SessionRecorder"/>.
/// The phrase generator runs on its own thread (<see cref="GenerationWorker"/>), joined to the engine thread by
/// two more SPSC rings, so its model steps never delay the player's notes.
/// </summary>
/// <remarks>
/// Threading: construct, <see cref="Start"/>, <see cref="Stop"/> and <see cref="Dispose"/> on the control
/// thread. The engine thread polls its ring (about every millisecond when idle) and runs the stages; the
/// scheduler thread (highest priority) sends. <see cref="Panic"/> may be called from any thread. A lost input
/// port triggers a panic (note-offs and all-notes-off to the output); a lost output sets <see cref="LostPort"/>
/// (nothing is reachable there) so the owner can stop. Stop ends every sounding note that can still be reached
/// and lifts the pedal on every channel used. Fault policy: an exception on the engine, scheduler or generation
/// thread is caught at that thread's top, counted and named (<see cref="EngineMetrics.LastFault"/>), every sounding
/// note is ended, and the thread goes on (the generation worker ends: continuation is off, said in its name).
/// </remarks>
public sealed class LiveEngine : IDisposable
{
    // Real-time priorities (SCHED_FIFO): above every normal thread, low enough that an audio server's process
    // threads started with real-time scheduling (JACK's) still preempt ours; the scheduler above the engine.
    private const int SchedulerPriority = 2;
    private const int EnginePriority = 1;
    private readonly IMidiInput _input;
    private readonly IMidiOutput _output;
    private readonly SpscRing<EngineEvent> _inputRing = new(1 << 12);
    private readonly SpscRing<EngineEvent> _outputRing = new(1 << 12);
    private readonly EngineInputReceiver _receiver;
    private readonly Thread _engineThread;
    private readonly Thread _schedulerThread;
    private readonly GenerationWorker _generation;
    private readonly CountdownEvent _threadsAsked = new(2);
    private RealtimeGrant? _engineRealtime;
    private RealtimeGrant? _schedulerRealtime;
    private int _gen2AtStart;
    private int? _gen2AtStop;
    private volatile bool _stopEngine;
    private volatile string? _lostPort;
    private int _stopped;
    private bool _started;

    public LiveEngine(EngineOptions options, IMidiInput input, IMidiOutput output, IVelocityStage velocity, IPhraseGenerator generator, string? recordingPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        _input = input;
        _output = output;
        Options = options;
        EngineWarmUp.Run(options, velocity, generator);
        var start = MidiClock.Now;
        Recorder = recordingPath is null ? null : new SessionRecorder(recordingPath, options.Recording.FlushSeconds, start);
        _receiver = new EngineInputReceiver(_inputRing);
        _generation = new GenerationWorker(generator);
        Processor = new EngineProcessor(options, velocity, _generation, _outputRing, Recorder?.Input, Metrics, start);
        Scheduler = new OutputScheduler(output, _outputRing, Recorder?.Output, Metrics, options.Safety.PolyphonyCap, options.Safety.MaxNoteSeconds);
        _engineThread = new Thread(EngineLoop) { Name = "musicgen engine", IsBackground = true, Priority = ThreadPriority.AboveNormal };
        _schedulerThread = new Thread(SchedulerLoop) { Name = "musicgen scheduler", IsBackground = true, Priority = ThreadPriority.Highest };
        _input.Lost += OnInputLost;
        _output.Lost += OnOutputLost;
    }

    public EngineOptions Options { get; }

    public EngineMetrics Metrics { get; } = new();

    public EngineProcessor Processor { get; }

    public OutputScheduler Scheduler { get; }

    public SessionRecorder? Recorder { get; }

    /// <summary>Gen-2 (full) garbage collections in the process from <see cref="Start"/> to now or to <see cref="Stop"/>: each pauses every thread.</summary>
    public int Gen2Collections => (_gen2AtStop ?? GC.CollectionCount(2)) - _gen2AtStart;

    /// <summary>What the OS gave the engine thread when it asked for real-time scheduling (null before <see cref="Start"/>).</summary>
    public RealtimeGrant? EngineRealtime => Volatile.Read(ref _engineRealtime);

    /// <summary>What the OS gave the scheduler thread when it asked for real-time scheduling (null before <see cref="Start"/>).</summary>
    public RealtimeGrant? SchedulerRealtime => Volatile.Read(ref _schedulerRealtime);

    /// <summary>For a ready line: <c>scheduler=fifo:2,engine=fifo:1</c>, or <c>no (reason)</c> when either thread was refused.</summary>
    public string RealtimeText => (SchedulerRealtime, EngineRealtime) switch
    {
        ({ Granted: true } s, { Granted: true } e) => $"scheduler={s},engine={e}",
        ({ Granted: false } s, _) => s.ToString(),
        (_, { Granted: false } e) => e.ToString(),
        _ => "no (threads not started)",
    };

    /// <summary>Bytes the generation worker thread allocated since it started (0 in steady state).</summary>
    public long GenerationAllocatedBytes => _generation.AllocatedBytes;

    public string InputName => _input.Name;

    public string OutputName => _output.Name;

    /// <summary>Messages dropped on the way: input ring full, scheduler ring full, port drops.</summary>
    public long Dropped => _inputRing.Dropped + _outputRing.Dropped + _input.Dropped + _output.Dropped + Metrics.HeapFull + _generation.Dropped;

    /// <summary>Player notes the generation worker could not take (its ring full); part of <see cref="Dropped"/>, not MIDI lost.</summary>
    public long GenerationDropped => _generation.Dropped;

    /// <summary>Input bytes the stream parser rejected as malformed (never reached the engine).</summary>
    public long RejectedBytes => _receiver.Rejected;

    /// <summary>Set (with the reason) when a port went away; the owner should stop.</summary>
    public string? LostPort => _lostPort;

    /// <summary>Set when the output is gone, so nothing more can be reached.</summary>
    public bool OutputLost => _output.State == MidiPortState.Lost;

    public void Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("The engine is already started.");
        }

        Recorder?.Start(); // first: a recording path that cannot be written fails here, before any thread runs
        _started = true;
        _gen2AtStart = GC.CollectionCount(2);
        _schedulerThread.Start();
        _generation.Start();
        _engineThread.Start();
        _threadsAsked.Wait(TimeSpan.FromSeconds(2)); // so the ready line can say what the OS granted
        _input.Start(_receiver);
    }

    /// <summary>Any thread: all sounding notes off now (and all-notes-off on every channel used).</summary>
    public void Panic() => Scheduler.RequestPanic();

    /// <summary>Stops input, lets the engine and scheduler finish, ends every sounding note, writes the final recording.</summary>
    public void Stop()
    {
        if (!_started || Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (_input.State == MidiPortState.Running)
        {
            _input.Stop();
        }

        _stopEngine = true;
        _engineThread.Join();
        _generation.Stop();
        Scheduler.RequestStop();
        _schedulerThread.Join();
        Recorder?.Stop();
        _gen2AtStop = GC.CollectionCount(2);
    }

    public void Dispose()
    {
        Stop();
        _input.Lost -= OnInputLost;
        _output.Lost -= OnOutputLost;
        _threadsAsked.Dispose();
    }

    private void SchedulerLoop()
    {
        Volatile.Write(ref _schedulerRealtime, RealtimeThread.Request(SchedulerPriority));
        _threadsAsked.Signal();
        Scheduler.Run();
    }

    // Engine thread. An exception is caught here, at the thread's top: counted, named, every sounding note ended
    // (a panic through the scheduler's flag, which needs no ring space), and the loop goes on with the next message.
    private void EngineLoop()
    {
        Volatile.Write(ref _engineRealtime, RealtimeThread.Request(EnginePriority));
        _threadsAsked.Signal();
        var baseline = GC.GetAllocatedBytesForCurrentThread();
        while (!_stopEngine)
        {
            var any = false;
            try
            {
                while (_inputRing.TryRead(out var e))
                {
                    any = true;
                    Processor.Process(e);
                }

                Processor.Tick(MidiClock.Now);
            }
            catch (Exception exception)
            {
                EngineFault(exception);
            }

            Metrics.EngineAllocated(GC.GetAllocatedBytesForCurrentThread() - baseline);
            if (!any)
            {
                Thread.Sleep(1);
            }
        }

        try
        {
            while (_inputRing.TryRead(out var rest))
            {
                Processor.Process(rest);
            }

            Processor.Tick(MidiClock.Now);
        }
        catch (Exception exception)
        {
            EngineFault(exception);
        }
    }

    private void EngineFault(Exception exception)
    {
        Metrics.Fault("engine thread", exception);
        Scheduler.RequestPanic();
    }

    private void OnInputLost(object? sender, MidiPortLostEventArgs e)
    {
        _lostPort ??= $"{e.PortName}: {e.Reason}";
        Scheduler.RequestPanic(); // the player's notes can no longer end themselves
    }

    private void OnOutputLost(object? sender, MidiPortLostEventArgs e) => _lostPort ??= $"{e.PortName}: {e.Reason}";
}
