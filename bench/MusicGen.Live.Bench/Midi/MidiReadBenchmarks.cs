using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MusicGen.Live.Midi;

namespace MusicGen.Live.Bench.Midi;

/// <summary>
/// Reads every MIDI file of the data set into notes on one thread. Baseline: the event path with the plain
/// reference pairing. Run: <c>dotnet run -c Release --project bench/MusicGen.Live.Bench -- --filter '*MidiRead*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Settings))]
public class MidiReadBenchmarks
{
    private readonly MidiNoteReader _reader = new();
    private readonly List<Note> _notes = new(1 << 16);
    private string[] _files = [];

    [GlobalSetup]
    public void Setup() => _files = MidiDataFiles.Files;

    [Benchmark(Baseline = true, Description = "MidiFile.Read + reference pairing")]
    public long Reference()
    {
        long total = 0;
        foreach (var file in _files)
        {
            total += NotePairingReference.GetNotes(MidiFile.Read(file)).Count;
        }

        return total;
    }

    [Benchmark(Description = "MidiFile.Read + GetNotes")]
    public long EventPath()
    {
        long total = 0;
        foreach (var file in _files)
        {
            total += MidiFile.Read(file).GetNotes().Count;
        }

        return total;
    }

    [Benchmark(Description = "MidiNoteReader, reused list")]
    public long FastReader()
    {
        long total = 0;
        foreach (var file in _files)
        {
            _notes.Clear();
            total += _reader.ReadFile(file, _notes);
        }

        return total;
    }

    private sealed class Settings : ManualConfig
    {
        public Settings()
        {
            AddJob(Job.Default.WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1));
            AddColumn(new PerNoteColumn(false), new PerNoteColumn(true));
        }
    }
}
