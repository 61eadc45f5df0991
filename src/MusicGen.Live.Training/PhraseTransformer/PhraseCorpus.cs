using System.Collections.Concurrent;
using System.Text;
using MusicGen.Live.Midi;
using MusicGen.Live.Training.Data;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// The performances of one split as phrase events: every nasap performance MIDI of the split (and, when asked,
/// the PIANO track of each pop909 song), or, for style-conditioned training, named data sets each with its style.
/// Featurised once into a binary cache (runs/phrase/cache/, git-ignored),
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

    /// <summary>The data sets style-conditioned training reads, with the style each one teaches.</summary>
    public static IReadOnlyDictionary<string, StyleNetStyle> DatasetStyles { get; } = new Dictionary<string, StyleNetStyle>(StringComparer.Ordinal)
    {
        ["nasap"] = StyleNetStyle.Classical,
        ["pop909"] = StyleNetStyle.Pop,
        ["pianomidide"] = StyleNetStyle.Classical,
    };

    /// <summary>The nasap performances of a split (and, when asked, the PIANO track of each pop909 song), no style.</summary>
    public static PhraseCorpus Load(string dataRoot, string split, bool includePop909, string cacheDir, int threads = 2)
    {
        var cachePath = Path.Combine(cacheDir, $"{split}{(includePop909 ? "-pop909" : string.Empty)}.bin");
        return Load(dataRoot, split, cachePath, e => (e.Dataset == "nasap" && e.Kind == MidiFileKind.Performance) || (includePop909 && e.Dataset == "pop909"), OnlyTracks("PIANO"), threads);
    }

    /// <summary>
    /// One data set's split with its style (<see cref="DatasetStyles"/>): nasap performances (not the score MIDIs),
    /// the PIANO and MELODY tracks of each pop909 song, every piano-midi.de file. Cached per data set.
    /// </summary>
    public static PhraseCorpus LoadDataset(string dataRoot, string split, string dataset, string cacheDir, int threads = 2)
    {
        if (!DatasetStyles.TryGetValue(dataset, out var style))
        {
            throw new InvalidDataException($"unknown phrase data set '{dataset}' (known: {string.Join(", ", DatasetStyles.Keys)})");
        }

        var (cacheName, tracks) = dataset switch
        {
            "nasap" => ($"{split}.bin", null),
            "pop909" => ($"{split}-pop909-piano-melody.bin", OnlyTracks("PIANO", "MELODY")),
            _ => ($"{split}-{dataset}.bin", (Func<MidiFile, Func<int, bool>?>?)null),
        };
        var corpus = Load(dataRoot, split, Path.Combine(cacheDir, cacheName), e => e.Dataset == dataset && (dataset != "nasap" || e.Kind == MidiFileKind.Performance), tracks, threads);
        return new PhraseCorpus(split, [.. corpus.Sequences.Select(q => q.WithStyle((int)style))]);
    }

    /// <summary>Several data sets of a split, in the order given, each with its style.</summary>
    public static PhraseCorpus LoadDatasets(string dataRoot, string split, IEnumerable<string> datasets, string cacheDir, int threads = 2) =>
        new(split, [.. datasets.SelectMany(d => LoadDataset(dataRoot, split, d, cacheDir, threads).Sequences)]);

    private static Func<MidiFile, Func<int, bool>?> OnlyTracks(params string[] names) =>
        file => t => names.Contains(file.Tracks[t].Name, StringComparer.OrdinalIgnoreCase);

    private static PhraseCorpus Load(string dataRoot, string split, string cachePath, Func<SplitEntry, bool> include, Func<MidiFile, Func<int, bool>?>? popTracks, int threads)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cachePath))!);
        if (File.Exists(cachePath))
        {
            return new PhraseCorpus(split, ReadCache(cachePath));
        }

        var entries = SplitTable.Load(Path.Combine(dataRoot, "splits", "split.csv"))
            .Where(e => e.Split.ToLabel() == split && include(e))
            .ToList();
        var loaded = new ConcurrentBag<(int Index, PhraseSequence Sequence)>();
        Parallel.For(0, entries.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var e = entries[i];
            var file = MidiFile.Read(Path.Combine(dataRoot, e.Path), ReadingSettings.Lenient);
            var filter = e.Dataset == "pop909" ? popTracks?.Invoke(file) : null;
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
