using MusicGen.Live.Engine.Events;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Recording;

/// <summary>
/// Writes the session to a Standard MIDI File as it runs: track 1 what the player sent, track 2 what left
/// the engine, both on the session clock (480 ticks per quarter at 120 bpm: 960 ticks per second).
/// The file on disk is a complete, valid MIDI file at every flush: every <c>flushSeconds</c> the tracks'
/// encoded bytes are written beside the target and renamed over it (an atomic replace), so after a crash or
/// <c>kill -9</c> the file holds everything up to the last flush (less the last second, still in the reorder
/// window); <see cref="Stop"/> writes the rest.
/// </summary>
/// <remarks>
/// Each track appends only what is new (<see cref="RecordedTrack"/>): nothing is re-encoded or re-sorted, so a
/// long session allocates no more per flush than a short one. The disk write is still the whole file (its
/// bytes, not objects): two tracks that both grow cannot be appended in place and stay valid.
/// Fault policy: an exception on the recorder's thread (a flush on a full disk, a folder removed under it)
/// is caught and counted, the recording stops and says why in <see cref="Fault"/>; the performance goes on
/// (the real-time threads only ever <c>TryWrite</c> into the rings, which then fill and drop).
/// Threading: the engine thread writes <see cref="Input"/> and the scheduler thread <see cref="Output"/>
/// (SPSC rings: the real-time writers never lock or allocate for recording). The recorder's own thread
/// drains them and writes files (it may allocate and block: it is off the real-time path).
/// <see cref="Start"/>/<see cref="Stop"/> on the control thread; <see cref="Fault"/> and the counters from any thread.
/// </remarks>
public sealed class SessionRecorder : IDisposable
{
    public const int TicksPerQuarter = 480;
    public const int TicksPerSecond = 960;
    private const int ReorderTicks = TicksPerSecond; // rings are in per-thread time order; a second covers an output handed ahead
    private readonly RecordedTrack _input = new("input", tempoMicrosecondsPerQuarter: 500_000);
    private readonly RecordedTrack _output = new("output", tempoMicrosecondsPerQuarter: null);
    private readonly long _flushTicks;
    private readonly long _start;
    private Thread? _thread;
    private volatile bool _stop;
    private volatile string? _fault;
    private long _flushes;
    private long _faults;
    private long _skipped;

    public SessionRecorder(string path, double flushSeconds, long start)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _flushTicks = MidiClock.FromMilliseconds(flushSeconds * 1000);
        _start = start;
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    public string Path { get; }

    /// <summary>The player's messages (engine thread writes).</summary>
    public SpscRing<EngineEvent> Input { get; } = new(1 << 14);

    /// <summary>What was sent, stamped with the time it sounds (scheduler thread writes).</summary>
    public SpscRing<EngineEvent> Output { get; } = new(1 << 14);

    /// <summary>Complete files written so far.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Exceptions caught on the recorder's thread (or in the final write); the first one stops the recording.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Why the recording stopped early (type, message and the file), or null while it runs or after a clean stop.</summary>
    public string? Fault => _fault;

    /// <summary>System messages (clock and the like) not written: a track holds channel messages.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Events that came after a later one had been written (placed at its tick).</summary>
    public long LateEvents => _input.LateEvents + _output.LateEvents;

    /// <summary>Writes a valid (empty) file at once, so a bad path fails here, before the performance; then starts the thread.</summary>
    public void Start()
    {
        Flush();
        _thread = new Thread(Run) { Name = "musicgen recorder", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Stops the thread and writes the final file (unless the recording already stopped on a fault). Never throws.</summary>
    public void Stop()
    {
        _stop = true;
        _thread?.Join();
        _thread = null;
        if (_fault is null)
        {
            Guarded(() =>
            {
                Drain(long.MaxValue);
                Flush();
            });
        }
    }

    public void Dispose() => Stop();

    /// <summary>Converts a <see cref="MidiClock"/> time to a tick of the session file.</summary>
    public long TickOf(long time) => Math.Max(0, (long)Math.Round((time - _start) * (double)TicksPerSecond / MidiClock.Frequency));

    /// <summary>Recorder thread (tests: any single thread): moves ring contents into the tracks, encoding up to <paramref name="cutoff"/>.</summary>
    internal void Drain(long cutoff)
    {
        while (Input.TryRead(out var e))
        {
            Add(_input, e);
        }

        while (Output.TryRead(out var e))
        {
            Add(_output, e);
        }

        _input.Append(cutoff);
        _output.Append(cutoff);
    }

    /// <summary>Writes the complete file beside the target and renames it over the target.</summary>
    internal void Flush()
    {
        var temp = Path + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024))
            {
                Span<byte> header = [(byte)'M', (byte)'T', (byte)'h', (byte)'d', 0, 0, 0, 6, 0, 1, 0, 2, TicksPerQuarter >> 8, TicksPerQuarter & 0xFF];
                stream.Write(header);
                _input.WriteChunk(stream);
                _output.WriteChunk(stream);
                stream.Flush(flushToDisk: false); // the page cache survives a process kill; fsync would only guard power loss
            }

            File.Move(temp, Path, overwrite: true);
        }
        catch
        {
            TryDelete(temp); // a half-written temp (full disk) must not be mistaken for the recording; the target is untouched
            throw;
        }

        Interlocked.Increment(ref _flushes);
    }

    private void Run() => Guarded(() =>
    {
        var next = MidiClock.Now + _flushTicks;
        while (!_stop)
        {
            Thread.Sleep(20);
            Drain(TickOf(MidiClock.Now) - ReorderTicks);
            if (MidiClock.Now >= next)
            {
                Flush();
                next = MidiClock.Now + _flushTicks;
            }
        }
    });

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Add(RecordedTrack track, in EngineEvent e)
    {
        if (RecordedTrack.Records(e.Status))
        {
            track.Add(TickOf(e.Time), e.Status, e.Data1, e.Data2);
        }
        else
        {
            Interlocked.Increment(ref _skipped);
        }
    }

    /// <summary>The thread's top: a fault is counted, stops the recording and is kept to be shown; it never reaches the engine.</summary>
    private void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _faults);
            _fault ??= $"{ex.GetType().Name}: {ex.Message} (recording {Path} stopped; the file, where it still exists, holds the last complete flush)";
        }
    }
}
