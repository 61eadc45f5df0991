using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Engine.Recording;
using MusicGen.Live.Engine.Stages;
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
    private readonly IMidiInput _input;
    private readonly IMidiOutput _output;
    private readonly SpscRing<EngineEvent> _inputRing = new(1 << 12);
    private readonly SpscRing<EngineEvent> _outputRing = new(1 << 12);
    private readonly EngineInputReceiver _receiver;
    private readonly Thread _engineThread;
    private readonly Thread _schedulerThread;
    private readonly GenerationWorker _generation;
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
        _schedulerThread = new Thread(Scheduler.Run) { Name = "musicgen scheduler", IsBackground = true, Priority = ThreadPriority.Highest };
        _input.Lost += OnInputLost;
        _output.Lost += OnOutputLost;
    }

    public EngineOptions Options { get; }

    public EngineMetrics Metrics { get; } = new();

    public EngineProcessor Processor { get; }

    public OutputScheduler Scheduler { get; }

    public SessionRecorder? Recorder { get; }

    /// <summary>Bytes the generation worker thread allocated since it started (0 in steady state).</summary>
    public long GenerationAllocatedBytes => _generation.AllocatedBytes;

    public string InputName => _input.Name;

    public string OutputName => _output.Name;

    /// <summary>Messages dropped on the way: input ring full, scheduler ring full, port drops.</summary>
    public long Dropped => _inputRing.Dropped + _outputRing.Dropped + _input.Dropped + _output.Dropped + Metrics.HeapFull + _generation.Dropped;

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

        _started = true;
        Recorder?.Start();
        _schedulerThread.Start();
        _generation.Start();
        _engineThread.Start();
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
    }

    public void Dispose()
    {
        Stop();
        _input.Lost -= OnInputLost;
        _output.Lost -= OnOutputLost;
    }

    // Engine thread. An exception is caught here, at the thread's top: counted, named, every sounding note ended
    // (a panic through the scheduler's flag, which needs no ring space), and the loop goes on with the next message.
    private void EngineLoop()
    {
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
