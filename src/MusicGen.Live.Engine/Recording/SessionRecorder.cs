using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Recording;

/// <summary>
/// Writes the session to a Standard MIDI File as it runs: track 1 what the player sent, track 2 what left
/// the engine, both on the session clock (480 ticks per quarter at 120 bpm: 960 ticks per second).
/// Every <c>flushSeconds</c> a complete, valid file is written beside the target and renamed over it (an
/// atomic replace), so after a crash or <c>kill -9</c> the file holds everything up to the last flush.
/// </summary>
/// <remarks>
/// Threading: the engine thread writes <see cref="Input"/> and the scheduler thread <see cref="Output"/>
/// (SPSC rings: the real-time writers never lock or allocate for recording, which Channel&lt;T&gt;'s writer
/// would). The recorder's own thread drains them and writes files (it may allocate and block: it is off
/// the real-time path). <see cref="Start"/>/<see cref="Stop"/> on the control thread.
/// </remarks>
public sealed class SessionRecorder : IDisposable
{
    public const int TicksPerQuarter = 480;
    public const int TicksPerSecond = 960;
    private readonly List<MidiEvent> _input = [];
    private readonly List<MidiEvent> _output = [];
    private readonly long _flushTicks;
    private readonly long _start;
    private Thread? _thread;
    private volatile bool _stop;
    private long _flushes;

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

    /// <summary>What was sent, stamped with its send time (scheduler thread writes).</summary>
    public SpscRing<EngineEvent> Output { get; } = new(1 << 14);

    /// <summary>Complete files written so far.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    public void Start()
    {
        Flush(); // a valid (empty) file exists from the first moment
        _thread = new Thread(Run) { Name = "musicgen recorder", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Stops the thread and writes the final file.</summary>
    public void Stop()
    {
        _stop = true;
        _thread?.Join();
        _thread = null;
        Drain();
        Flush();
    }

    public void Dispose() => Stop();

    /// <summary>Converts a <see cref="MidiClock"/> time to a tick of the session file.</summary>
    public long TickOf(long time) => Math.Max(0, (long)Math.Round((time - _start) * (double)TicksPerSecond / MidiClock.Frequency));

    private void Run()
    {
        var next = MidiClock.Now + _flushTicks;
        while (!_stop)
        {
            Thread.Sleep(20);
            Drain();
            if (MidiClock.Now >= next)
            {
                Flush();
                next = MidiClock.Now + _flushTicks;
            }
        }
    }

    private void Drain()
    {
        while (Input.TryRead(out var e))
        {
            _input.Add(ToMidi(e));
        }

        while (Output.TryRead(out var e))
        {
            _output.Add(ToMidi(e));
        }
    }

    private MidiEvent ToMidi(in EngineEvent e) => new(TickOf(e.Time), e.Status, e.Data1, e.Data2);

    private void Flush()
    {
        var file = new MidiFile(1, MidiDivision.FromTicksPerQuarterNote(TicksPerQuarter));
        file.Tracks.Add(Track("input", _input, tempo: true));
        file.Tracks.Add(Track("output", _output, tempo: false));
        var temp = Path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.Read))
        {
            file.Write(stream);
            stream.Flush(flushToDisk: false); // the page cache survives a process kill; fsync would only guard power loss
        }

        File.Move(temp, Path, overwrite: true);
        Interlocked.Increment(ref _flushes);
    }

    private static MidiTrack Track(string name, List<MidiEvent> events, bool tempo)
    {
        var track = new MidiTrack();
        track.Events.Add(MidiEvent.MetaText(0, MetaEventType.TrackName, name));
        if (tempo)
        {
            track.Events.Add(MidiEvent.Tempo(0, 500_000));
        }

        // Ring order is per-thread time order already; a stable sort guards the rare out-of-order stamp.
        track.Events.AddRange(events.OrderBy(e => e.Tick));
        return track;
    }
}
