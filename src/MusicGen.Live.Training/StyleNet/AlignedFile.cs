using System.Globalization;
using System.IO.Compression;
using MusicGen.Live.Training.Data;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// Reader of the derived nasap alignment files (format in the data folder's PROVENANCE.md): note rows plus the
/// time-signature segments from the <c>#timesig</c> lines, which give bar starts in quarters. A malformed row
/// throws <see cref="DataFormatException"/> naming the file and line.
/// </summary>
public sealed class AlignedFile
{
    private AlignedFile(List<AlignedRow> rows, List<(double OnsetQ, double BarQ)> segments)
    {
        Rows = rows;
        Segments = segments;
    }

    public IReadOnlyList<AlignedRow> Rows { get; }

    /// <summary>Time-signature segments in score order: where each starts (quarters) and its bar length (quarters).</summary>
    public IReadOnlyList<(double OnsetQ, double BarQ)> Segments { get; }

    public static AlignedFile Read(string path)
    {
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        return Read(reader, path);
    }

    /// <summary>Reads the uncompressed text; <paramref name="path"/> names it in errors.</summary>
    public static AlignedFile Read(TextReader reader, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<AlignedRow>();
        var segments = new List<(double, double)>();
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.StartsWith("#timesig", StringComparison.Ordinal))
            {
                segments.Add(ParseTimeSig(line, path, lineNo));
                continue;
            }

            if (line.Length == 0 || line[0] == '#' || line.StartsWith("kind", StringComparison.Ordinal))
            {
                continue;
            }

            var f = line.Split('\t');
            if (f.Length < 11 || f[0].Length != 1 || f[0][0] is not ('M' or 'D' or 'I'))
            {
                throw new DataFormatException(path, lineNo, "expected 11 tab-separated fields starting with M, D or I");
            }

            var kind = f[0][0];
            rows.Add(new AlignedRow(
                kind,
                kind == 'I' ? -1 : Int(f[1], path, lineNo),
                int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bar) ? bar : -1,
                kind == 'I' ? double.NaN : Num(f[4], path, lineNo),
                kind == 'I' ? double.NaN : Num(f[5], path, lineNo),
                kind == 'D' ? -1 : Int(f[7], path, lineNo),
                kind == 'D' ? double.NaN : Num(f[8], path, lineNo),
                kind == 'D' ? double.NaN : Num(f[9], path, lineNo),
                kind == 'D' ? -1 : Int(f[10], path, lineNo)));
        }

        segments.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return new AlignedFile(rows, segments);
    }

    /// <summary>Whether a score onset falls on a bar line (using the time-signature segments; 4/4 if none).</summary>
    public bool IsDownbeat(double onsetQ)
    {
        var start = 0.0;
        var bar = 4.0;
        foreach (var (s, b) in Segments)
        {
            if (s > onsetQ + 1e-6)
            {
                break;
            }

            (start, bar) = (s, b);
        }

        var pos = (onsetQ - start) / bar;
        return Math.Abs(pos - Math.Round(pos)) * bar < 1e-3;
    }

    private static (double, double) ParseTimeSig(string line, string path, int lineNo)
    {
        // #timesig <n/d> bar=<bar> onset_beats=<b> onset_q=<q>
        var f = line.Split('\t', ' ');
        var sig = f.FirstOrDefault(x => x.Contains('/', StringComparison.Ordinal));
        var q = f.FirstOrDefault(x => x.StartsWith("onset_q=", StringComparison.Ordinal));
        if (sig is null || q is null)
        {
            throw new DataFormatException(path, lineNo, "malformed #timesig line");
        }

        var nd = sig.Split('/');
        if (nd.Length != 2)
        {
            throw new DataFormatException(path, lineNo, $"'{sig}' is not a time signature");
        }

        var n = Int(nd[0], path, lineNo);
        var d = Int(nd[1], path, lineNo);
        return (Num(q["onset_q=".Length..], path, lineNo), n * 4.0 / Math.Max(1, d));
    }

    private static int Int(string s, string path, int lineNo) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new DataFormatException(path, lineNo, $"'{s}' is not an integer");

    private static double Num(string s, string path, int lineNo) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new DataFormatException(path, lineNo, $"'{s}' is not a number");
}
