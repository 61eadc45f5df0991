using MusicGen.Live.Midi;
using MusicGen.Live.Training.Data;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// Turns the data folder into <see cref="StyleNetPiece"/>s. nasap: performed notes (M and I rows) of each
/// <c>*_aligned.tsv.gz</c> with the sustain pedal read from the performance MIDI and the beat phase from the
/// score onset where the note is matched; the score-timing form from the M rows, each carrying the velocity
/// of its note in the piece's <c>midi_score.mid</c> where that export has dynamics (what a sequencer playing the
/// score would send). pop909: every note of the song's three tracks, no beat. pianomidide is not used (it
/// may hold editions of nasap test pieces).
/// </summary>
public static class StyleNetDataBuilder
{
    public static IReadOnlyList<StyleNetPiece> Build(string dataFolder, bool includePop, int threads, Action<int, int>? progress = null)
    {
        var entries = SplitTable.Load(Path.Combine(dataFolder, "splits", "split.csv"))
            .Where(e => e.Kind == MidiFileKind.Performance && (e.Dataset == "nasap" || (includePop && e.Dataset == "pop909")))
            .ToList();
        var pieces = new StyleNetPiece?[entries.Count];
        var done = 0;
        Parallel.For(0, entries.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, i =>
        {
            var e = entries[i];
            var midi = Path.Combine(dataFolder, e.Path);
            pieces[i] = e.Dataset == "nasap" ? Nasap(e, midi) : Pop(e, midi);
            progress?.Invoke(Interlocked.Increment(ref done), entries.Count);
        });
        return [.. pieces.Where(p => p is not null)!];
    }

    internal static StyleNetPiece? Nasap(SplitEntry e, string midiPath)
    {
        var tsv = Path.ChangeExtension(midiPath, null) + "_aligned.tsv.gz";
        if (!File.Exists(tsv))
        {
            return null;
        }

        var aligned = AlignedFile.Read(tsv);
        var pedal = SustainTimeline.FromFile(MidiFile.Read(midiPath, ReadingSettings.Lenient));
        var perf = new List<(StyleNetNote Note, byte Vel, int ScoreId)>();
        var score = new List<(double OnsetQ, double DurQ, int Pitch, bool Downbeat, double PerfOnset, byte Vel, int Id)>();
        foreach (var r in aligned.Rows)
        {
            if (r.Kind == 'D' || r.Velocity <= 0)
            {
                continue;
            }

            var matched = r.Kind == 'M';
            var phase = matched ? (float)(r.OnsetQ - Math.Floor(r.OnsetQ)) : float.NaN;
            var down = matched && aligned.IsDownbeat(r.OnsetQ);
            var note = new StyleNetNote(r.OnsetSeconds, Math.Max(0, r.OffsetSeconds - r.OnsetSeconds), (byte)r.PerfPitch, pedal.IsDownAt(r.OnsetSeconds), phase, down);
            perf.Add((note, (byte)Math.Clamp(r.Velocity, 1, 127), matched ? score.Count : -1));
            if (matched)
            {
                score.Add((r.OnsetQ, r.DurationQ, r.ScorePitch, down, r.OnsetSeconds, (byte)Math.Clamp(r.Velocity, 1, 127), score.Count));
            }
        }

        perf.Sort((a, b) => a.Note.OnsetSeconds != b.Note.OnsetSeconds ? a.Note.OnsetSeconds.CompareTo(b.Note.OnsetSeconds) : a.Note.Pitch.CompareTo(b.Note.Pitch));
        score.Sort((a, b) => a.OnsetQ != b.OnsetQ ? a.OnsetQ.CompareTo(b.OnsetQ) : a.Pitch.CompareTo(b.Pitch));

        // Each matched performed note's score note, by its place in the sorted score notes.
        var sortedIndex = new int[score.Count];
        for (var i = 0; i < score.Count; i++)
        {
            sortedIndex[score[i].Id] = i;
        }

        var spq = SecondsPerQuarter(score.Select(s => (s.OnsetQ, s.PerfOnset)).ToList());
        var q0 = score.Count > 0 ? score[0].OnsetQ : 0;
        var written = ScoreMidiVelocities(Path.Combine(Path.GetDirectoryName(midiPath)!, "midi_score.mid"), [.. score.Select(s => (s.OnsetQ, s.Pitch))]);
        var scoreNotes = score.Select((s, i) => new StyleNetNote(
            (s.OnsetQ - q0) * spq,
            Math.Max(0, s.DurQ) * spq,
            (byte)Math.Clamp(s.Pitch, 0, 127),
            false,
            (float)(s.OnsetQ - Math.Floor(s.OnsetQ)),
            s.Downbeat,
            written[i])).ToArray();
        return new StyleNetPiece(
            e.Path, e.Dataset, e.Split.ToLabel(), StyleNetStyle.Classical,
            [.. perf.Select(p => p.Note)], [.. perf.Select(p => p.Vel)],
            scoreNotes, [.. score.Select(s => s.Vel)], spq,
            [.. perf.Select(p => p.ScoreId < 0 ? -1 : sortedIndex[p.ScoreId])], [.. score.Select(s => s.OnsetQ)]);
    }

    /// <summary>
    /// The velocity each aligned score note has in the score MIDI export (0 where it has none: no such file, a flat
    /// export, or no note of that pitch at that onset). The export and the alignment may count quarters from
    /// different origins (a pickup bar), and from some point on they may count differently again (a cadenza bar, an
    /// irregular measure, a repeat written out in one of them): one offset for the whole piece left most of Liszt's
    /// sonata and of Islamey without their velocities. So the offset is found per block of
    /// <see cref="OffsetBlock"/> notes: of the export-minus-alignment onset differences that the block's pairs of equal
    /// pitch vote for, the one nearest the previous block's among those with at least 3/4 of the top vote. A note that
    /// its block's offset does not find tries the neighbouring blocks' (the change falls inside a block).
    /// </summary>
    internal static byte[] ScoreMidiVelocities(string scoreMidiPath, IReadOnlyList<(double OnsetQ, int Pitch)> notes)
    {
        const int Grid = 48; // ticks per quarter of the matching grid: 1/192 notes, finer than any notated onset difference
        var result = new byte[notes.Count];
        if (notes.Count == 0 || !File.Exists(scoreMidiPath))
        {
            return result;
        }

        var file = MidiFile.Read(scoreMidiPath, ReadingSettings.Lenient);
        var tpq = file.Division.TicksPerQuarterNote;
        var written = file.GetNotes().Where(n => n.Velocity > 0).ToList();
        if (tpq <= 0 || !MidiHumanizer.HasDynamics(written.Select(n => n.Velocity)))
        {
            return result;
        }

        var byPitch = written.GroupBy(n => n.Pitch).ToDictionary(g => (int)g.Key, g => g.Select(n => (long)Math.Round(n.OnTick * (double)Grid / tpq)).ToArray());
        var velocityAt = new Dictionary<(long Tick, int Pitch), byte>();
        foreach (var n in written)
        {
            velocityAt.TryAdd(((long)Math.Round(n.OnTick * (double)Grid / tpq), n.Pitch), n.Velocity);
        }

        var offsets = BlockOffsets(notes, byPitch, Grid);
        for (var i = 0; i < notes.Count; i++)
        {
            var at = (long)Math.Round(notes[i].OnsetQ * Grid);
            var block = i / OffsetBlock;
            foreach (var b in (ReadOnlySpan<int>)[block, block - 1, block + 1])
            {
                if ((uint)b < (uint)offsets.Length && offsets[b] is { } offset && velocityAt.TryGetValue((at + offset, notes[i].Pitch), out var v))
                {
                    result[i] = v;
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>Aligned notes per block whose export-minus-alignment onset offset is voted on together.</summary>
    internal const int OffsetBlock = 64;

    private static long?[] BlockOffsets(IReadOnlyList<(double OnsetQ, int Pitch)> notes, Dictionary<int, long[]> byPitch, int grid)
    {
        var offsets = new long?[(notes.Count + OffsetBlock - 1) / OffsetBlock];
        var votes = new Dictionary<long, int>();
        long previous = 0;
        for (var b = 0; b < offsets.Length; b++)
        {
            votes.Clear();
            for (var i = b * OffsetBlock; i < Math.Min(notes.Count, (b + 1) * OffsetBlock); i++)
            {
                if (byPitch.TryGetValue(notes[i].Pitch, out var ticks))
                {
                    var at = (long)Math.Round(notes[i].OnsetQ * grid);
                    foreach (var t in ticks)
                    {
                        votes[t - at] = votes.GetValueOrDefault(t - at) + 1;
                    }
                }
            }

            if (votes.Count == 0)
            {
                continue;
            }

            // A passage that repeats (a sequence, an ostinato) also matches at the offset of its repeat, with about as many
            // votes; of the offsets near the top, the one nearest the previous block's is the reading that goes on.
            var most = votes.Values.Max();
            long? chosen = null;
            foreach (var (offset, count) in votes)
            {
                if (count * 4 >= most * 3 && (chosen is not { } c || Math.Abs(offset - previous) < Math.Abs(c - previous)))
                {
                    chosen = offset;
                }
            }

            offsets[b] = previous = chosen!.Value;
        }

        return offsets;
    }

    internal static StyleNetPiece Pop(SplitEntry e, string midiPath)
    {
        var file = MidiFile.Read(midiPath, ReadingSettings.Lenient);
        var pedal = SustainTimeline.FromFile(file);
        var notes = file.GetNotes().Where(n => n.Velocity > 0).OrderBy(n => n.OnsetSeconds).ThenBy(n => n.Pitch).ToList();
        return new StyleNetPiece(
            e.Path, e.Dataset, e.Split.ToLabel(), StyleNetStyle.Pop,
            [.. notes.Select(n => new StyleNetNote(n.OnsetSeconds, n.DurationSeconds, n.Pitch, pedal.IsDownAt(n.OnsetSeconds), float.NaN, false))],
            [.. notes.Select(n => n.Velocity)],
            [], [], file.GetTempoMap().MicrosecondsPerQuarterNoteAt(0) / 1e6);
    }

    /// <summary>Least-squares seconds per quarter of performed onsets against score onsets: a constant tempo, as a sequencer would play.</summary>
    internal static double SecondsPerQuarter(IReadOnlyList<(double Q, double S)> pairs)
    {
        if (pairs.Count < 2)
        {
            return 0.5;
        }

        double mq = pairs.Average(p => p.Q), ms = pairs.Average(p => p.S);
        double cov = 0, var = 0;
        foreach (var (q, s) in pairs)
        {
            cov += (q - mq) * (s - ms);
            var += (q - mq) * (q - mq);
        }

        var spq = var > 0 ? cov / var : 0.5;
        return spq is > 0.05 and < 5 ? spq : 0.5;
    }
}
