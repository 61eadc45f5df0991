using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// Runs the phrase generator on its own thread, as the design's "generation worker": the engine thread only
/// enqueues (observe an event, begin, cancel) and takes notes that are ready, so a Transformer step (milliseconds on
/// a busy machine) never delays the player's notes. While a continuation runs, the worker keeps up to
/// <see cref="RunAhead"/> notes decoded ahead.
/// </summary>
/// <remarks>
/// Threading: <see cref="Start"/>, <see cref="Stop"/> and <see cref="Dispose"/> on the control thread; every
/// <see cref="IGenerationSource"/> member on the engine thread; the generator only on the worker thread after
/// <see cref="Start"/> (before it, the control thread may warm it up). Two SPSC rings join the threads, so
/// neither side locks or allocates in steady state. Each continuation has an epoch; a cancel bumps it, and
/// notes of an older epoch still in the ring are dropped when taken, so a cancelled answer never plays on.
/// The ring of sampled notes holds exactly <see cref="RunAhead"/>: the worker decodes only while there is room,
/// which bounds how far the model's context runs ahead of what is played. Idle, the worker sleeps 1 ms between
/// looks at its ring (waking it from the engine thread would take a lock or a syscall there). An exception on the
/// worker thread is caught at its top and published as <see cref="Fault"/>; the thread then ends (its generator
/// is not called again) and the engine thread, seeing it, counts and names the fault and ends every sounding note.
/// </remarks>
public sealed class GenerationWorker : IGenerationSource, IDisposable
{
    /// <summary>Notes decoded ahead of the engine at most (a power of two: the ring's capacity).</summary>
    public const int RunAhead = 4;

    private readonly IPhraseGenerator _generator;
    private readonly SpscRing<GenerationCommand> _commands = new(1024);
    private readonly SpscRing<SampledNote> _notes = new(RunAhead);
    private readonly Thread _thread;
    private volatile bool _stop;
    private volatile Exception? _fault;
    private long _allocated;        // worker thread: bytes it allocated since it started (published for the bench)
    private int _epoch;             // engine thread: the running continuation's epoch
    private SamplingSettings _sent; // engine thread: the settings last sent
    private bool _started;

    public GenerationWorker(IPhraseGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        _thread = new Thread(Run) { Name = "musicgen generation", IsBackground = true };
    }

    public string Name => _generator.Name;

    public bool Faulted => _fault is not null;

    /// <summary>What the generator threw on the worker thread (published with a volatile write; any thread may read).</summary>
    public Exception? Fault => _fault;

    /// <summary>Bytes the worker thread allocated since it started (model steps included; 0 in steady state). Any thread.</summary>
    public long AllocatedBytes => Volatile.Read(ref _allocated);

    /// <summary>Requests refused because the command ring was full (the worker fell that far behind).</summary>
    public long Dropped => _commands.Dropped;

    /// <summary>Control thread: starts the worker thread.</summary>
    public void Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("The generation worker is already started.");
        }

        _started = true;
        _thread.Start();
    }

    /// <summary>Control thread, after the engine thread stopped: ends the worker thread (its current step finishes first).</summary>
    public void Stop()
    {
        _stop = true;
        if (_started && _thread.IsAlive)
        {
            _thread.Join();
        }
    }

    public void Dispose() => Stop();

    public void Reset() => Send(GenerationCommandKind.Reset, default);

    public void Observe(in PhraseEvent e) => Send(GenerationCommandKind.Observe, e);

    public void ObserveProvisional(in PhraseEvent e) => Send(GenerationCommandKind.ObserveProvisional, e);

    public void Begin(in SamplingSettings settings)
    {
        _epoch++;
        _sent = settings;
        _commands.TryWrite(new GenerationCommand(GenerationCommandKind.Begin, _epoch, default, settings));
    }

    public void Cancel()
    {
        _epoch++;
        Send(GenerationCommandKind.Cancel, default);
    }

    public bool TryTake(in SamplingSettings settings, out GeneratedNote note)
    {
        if (settings != _sent)
        {
            _sent = settings; // a CC changed them: the notes after the ones already decoded use the new ones
            _commands.TryWrite(new GenerationCommand(GenerationCommandKind.Settings, _epoch, default, settings));
        }

        while (_notes.TryRead(out var sampled))
        {
            if (sampled.Epoch == _epoch)
            {
                note = sampled.Note;
                return true;
            }
        }

        note = default;
        return false;
    }

    private void Send(GenerationCommandKind kind, in PhraseEvent e) =>
        _commands.TryWrite(new GenerationCommand(kind, _epoch, e, _sent));

    // Worker thread: apply every request in order, then decode one note while a continuation runs and there is room.
    private void Run()
    {
        var epoch = 0;
        var active = false;
        var settings = default(SamplingSettings);
        var baseline = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            while (!_stop)
            {
                var busy = false;
                while (_commands.TryRead(out var c))
                {
                    busy = true;
                    switch (c.Kind)
                    {
                        case GenerationCommandKind.Reset:
                            _generator.Reset();
                            active = false;
                            break;
                        case GenerationCommandKind.Observe:
                            _generator.Observe(c.Event);
                            break;
                        case GenerationCommandKind.ObserveProvisional:
                            _generator.ObserveProvisional(c.Event);
                            break;
                        case GenerationCommandKind.Begin:
                            (epoch, settings, active) = (c.Epoch, c.Settings, true);
                            _generator.BeginContinuation();
                            break;
                        case GenerationCommandKind.Cancel:
                            active = false;
                            break;
                        case GenerationCommandKind.Settings:
                            settings = c.Settings;
                            break;
                    }
                }

                if (active && _notes.Count < RunAhead)
                {
                    _notes.TryWrite(new SampledNote(epoch, _generator.SampleNext(settings)));
                    busy = true;
                }

                if (busy)
                {
                    Volatile.Write(ref _allocated, GC.GetAllocatedBytesForCurrentThread() - baseline);
                }
                else
                {
                    Thread.Sleep(1);
                }
            }
        }
        catch (Exception exception)
        {
            // The thread's top: the engine sees the fault on its next tick, names and counts it, ends every
            // sounding note and plays on without continuation. The generator is not called again.
            _fault = exception;
        }
    }
}
