using System.Text;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// Binary cache of built <see cref="StyleNetPiece"/>s (under the git-ignored <c>runs/cache/</c>), so training
/// and evaluation start in a second instead of re-reading thousands of MIDI and TSV files. The header carries a
/// magic and version; a stale or damaged cache is rebuilt rather than trusted.
/// </summary>
public static class StyleNetDataCache
{
    private const string Magic = "MGSNDAT";
    private const int Version = 6; // 4: input velocity per note (score dynamics); 5: found per block of notes (StyleNetDataBuilder.ScoreMidiVelocities); 6: score keys

    public static IReadOnlyList<StyleNetPiece> LoadOrBuild(string cachePath, string dataFolder, int threads, TextWriter? log = null)
    {
        if (File.Exists(cachePath))
        {
            try
            {
                return Read(cachePath);
            }
            catch (InvalidDataException ex)
            {
                log?.WriteLine($"cache {cachePath} unusable ({ex.Message}); rebuilding");
            }
        }

        log?.WriteLine($"building StyleNet data from {dataFolder} (once; cached at {cachePath})");
        var pieces = StyleNetDataBuilder.Build(dataFolder, includePop: true, threads, (done, total) =>
        {
            if (done % 200 == 0 || done == total)
            {
                log?.WriteLine($"  {done}/{total} files");
            }
        });
        Write(cachePath, pieces);
        return pieces;
    }

    public static void Write(string path, IReadOnlyList<StyleNetPiece> pieces)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp), Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(pieces.Count);
            foreach (var p in pieces)
            {
                w.Write(p.Name);
                w.Write(p.Dataset);
                w.Write(p.Split);
                w.Write((byte)p.Style);
                WriteNotes(w, p.PerfNotes, p.PerfVelocities);
                WriteNotes(w, p.ScoreNotes, p.ScoreVelocities);
                w.Write(p.SecondsPerQuarter);
                var perfIndex = p.PerfScoreIndex ?? [];
                w.Write(perfIndex.Length);
                foreach (var i in perfIndex)
                {
                    w.Write(i);
                }

                var onsets = p.ScoreOnsetQ ?? [];
                w.Write(onsets.Length);
                foreach (var q in onsets)
                {
                    w.Write(q);
                }
            }
        }

        File.Move(tmp, path, overwrite: true);
    }

    public static IReadOnlyList<StyleNetPiece> Read(string path)
    {
        try
        {
            using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (r.ReadString() != Magic || r.ReadInt32() != Version)
            {
                throw new InvalidDataException($"{path}: not a StyleNet data cache of version {Version}");
            }

            var count = r.ReadInt32();
            var pieces = new List<StyleNetPiece>(count);
            for (var i = 0; i < count; i++)
            {
                var name = r.ReadString();
                var dataset = r.ReadString();
                var split = r.ReadString();
                var style = (StyleNetStyle)r.ReadByte();
                var (perf, perfVel) = ReadNotes(r);
                var (score, scoreVel) = ReadNotes(r);
                var spq = r.ReadDouble();
                var perfIndex = new int[Count(r)];
                for (var k = 0; k < perfIndex.Length; k++)
                {
                    perfIndex[k] = r.ReadInt32();
                }

                var onsets = new double[Count(r)];
                for (var k = 0; k < onsets.Length; k++)
                {
                    onsets[k] = r.ReadDouble();
                }

                // None written (pop909): none read, as the builder gives none.
                pieces.Add(new StyleNetPiece(name, dataset, split, style, perf, perfVel, score, scoreVel, spq, perfIndex.Length == 0 ? null : perfIndex, onsets.Length == 0 ? null : onsets));
            }

            return pieces;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path}: truncated StyleNet data cache", ex);
        }
    }

    private static void WriteNotes(BinaryWriter w, StyleNetNote[] notes, byte[] velocities)
    {
        w.Write(notes.Length);
        for (var i = 0; i < notes.Length; i++)
        {
            var n = notes[i];
            w.Write(n.OnsetSeconds);
            w.Write(n.DurationSeconds);
            w.Write(n.Pitch);
            w.Write(n.Pedal);
            w.Write(n.BeatPhase);
            w.Write(n.Downbeat);
            w.Write(n.InputVelocity);
            w.Write(velocities[i]);
        }
    }

    private static int Count(BinaryReader r)
    {
        var n = r.ReadInt32();
        return n is < 0 or > 10_000_000 ? throw new InvalidDataException($"note count {n} out of range at byte {r.BaseStream.Position - 4}") : n;
    }

    private static (StyleNetNote[] Notes, byte[] Velocities) ReadNotes(BinaryReader r)
    {
        var n = Count(r);

        var notes = new StyleNetNote[n];
        var vel = new byte[n];
        for (var i = 0; i < n; i++)
        {
            notes[i] = new StyleNetNote(r.ReadDouble(), r.ReadDouble(), r.ReadByte(), r.ReadBoolean(), r.ReadSingle(), r.ReadBoolean(), r.ReadByte());
            vel[i] = r.ReadByte();
        }

        return (notes, vel);
    }
}
