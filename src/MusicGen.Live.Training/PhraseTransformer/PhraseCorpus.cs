using System.Collections.Concurrent;
using System.Text;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Data;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// The performances of one split as phrase events: every nasap performance MIDI of the split (and, when asked,
/// the PIANO track of each pop909 song). Featurised once into a binary cache (runs/phrase/cache/, git-ignored),
/// keyed by split and sources; delete the folder to rebuild. Immutable once loaded.
/// </summary>
internal sealed class PhraseCorpus
{
    private const string Magic = "PHRC2";

    private PhraseCorpus(string split, List<PhraseSequence> sequences)
    {
        Split = split;
        Sequences = sequences;
    }

    public string Split { get; }

    /// <summary>A corpus of given sequences (tests, and callers that featurised their own).</summary>
    internal static PhraseCorpus Of(string split, IEnumerable<PhraseSequence> sequences) => new(split, [.. sequences]);

    public IReadOnlyList<PhraseSequence> Sequences { get; }

    public long EventCount => Sequences.Sum(s => (long)s.Count);

    public static PhraseCorpus Load(string dataRoot, string split, bool includePop909, string cacheDir, int threads = 2)
    {
        Directory.CreateDirectory(cacheDir);
        var cachePath = Path.Combine(cacheDir, $"{split}{(includePop909 ? "-pop909" : string.Empty)}.bin");
        if (File.Exists(cachePath))
        {
            return new PhraseCorpus(split, ReadCache(cachePath));
        }

        var entries = SplitTable.Load(Path.Combine(dataRoot, "splits", "split.csv"))
            .Where(e => e.Split.ToLabel() == split && ((e.Dataset == "nasap" && e.Kind == MidiFileKind.Performance) || (includePop909 && e.Dataset == "pop909")))
            .ToList();
        var loaded = new ConcurrentBag<(int Index, PhraseSequence Sequence)>();
        Parallel.For(0, entries.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var e = entries[i];
            var file = MidiFile.Read(Path.Combine(dataRoot, e.Path), ReadingSettings.Lenient);
            Func<int, bool>? filter = e.Dataset == "pop909" ? t => string.Equals(file.Tracks[t].Name, "PIANO", StringComparison.OrdinalIgnoreCase) : null;
            var events = PhraseMidi.ReadEvents(file, filter);
            if (events.Count > 1)
            {
                loaded.Add((i, new PhraseSequence(e.Path, events)));
            }
        });

        var sequences = loaded.OrderBy(x => x.Index).Select(x => x.Sequence).ToList();
        WriteCache(cachePath, sequences);
        return new PhraseCorpus(split, sequences);
    }

    private static void WriteCache(string path, List<PhraseSequence> sequences)
    {
        var tmp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp), Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(sequences.Count);
            foreach (var s in sequences)
            {
                w.Write(s.Path);
                w.Write(s.Count);
                w.Write(s.Kind);
                w.Write(s.Pitch);
                w.Write(s.Velocity);
                foreach (var v in s.Shift)
                {
                    w.Write(v);
                }

                foreach (var v in s.Duration)
                {
                    w.Write(v);
                }
            }
        }

        File.Move(tmp, path, overwrite: true);
    }

    private static List<PhraseSequence> ReadCache(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (r.ReadString() != Magic)
        {
            throw new InvalidDataException($"{path}: not a phrase corpus cache of version {Magic}; delete it to rebuild");
        }

        var n = r.ReadInt32();
        var list = new List<PhraseSequence>(n);
        for (var i = 0; i < n; i++)
        {
            var p = r.ReadString();
            var count = r.ReadInt32();
            var kind = r.ReadBytes(count);
            var pitch = r.ReadBytes(count);
            var vel = r.ReadBytes(count);
            var shift = new float[count];
            var dur = new float[count];
            for (var j = 0; j < count; j++)
            {
                shift[j] = r.ReadSingle();
            }

            for (var j = 0; j < count; j++)
            {
                dur[j] = r.ReadSingle();
            }

            list.Add(new PhraseSequence(p, kind, pitch, vel, shift, dur));
        }

        return list;
    }
}
