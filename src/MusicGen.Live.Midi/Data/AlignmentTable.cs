using System.Globalization;
using System.IO.Compression;

namespace MusicGen.Live.Midi.Data;

/// <summary>Reads nasap <c>*_aligned.tsv.gz</c> score/performance alignments into typed rows.</summary>
public static class AlignmentTable
{
    private const string Header = "kind\tscore_pitch\tbar\tbeat\tonset_q\tdur_q\tscore_attrs\tperf_pitch\tonset_s\toffset_s\tvelocity";

    public static Alignment Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return Read(reader, path);
    }

    public static Alignment Read(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = "";
        var signatures = new List<TimeSignatureMark>();
        var notes = new List<AlignedNote>();
        var number = 0;
        var sawHeader = false;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = "" };
        try
        {
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (line.Length == 0)
                {
                    continue;
                }

                if (line[0] == '#')
                {
                    var f = line.Split('\t');
                    if (f[0] == "#source_match_version" && f.Length > 1)
                    {
                        version = f[1];
                    }
                    else if (f[0] == "#timesig")
                    {
                        signatures.Add(ParseTimeSignature(f, name, number));
                    }

                    continue;
                }

                if (!sawHeader)
                {
                    if (line != Header)
                    {
                        throw new DataFormatException(name, number, $"header is '{line}', expected '{Header}'");
                    }

                    sawHeader = true;
                    continue;
                }

                notes.Add(ParseRow(line, name, number, attributes));
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DataFormatException(name, number + 1, $"gzip stream is damaged: {ex.Message}");
        }

        if (!sawHeader)
        {
            throw new DataFormatException(name, number, "no header row");
        }

        return new Alignment(version, signatures, notes);
    }

    private static AlignedNote ParseRow(string line, string name, int number, Dictionary<string, string> attributes)
    {
        var f = line.Split('\t');
        if (f.Length != 11)
        {
            throw new DataFormatException(name, number, $"expected 11 tab-separated fields, got {f.Length}");
        }

        var kind = f[0] switch
        {
            "M" => AlignmentKind.Match,
            "D" => AlignmentKind.Deletion,
            "I" => AlignmentKind.Insertion,
            _ => throw new DataFormatException(name, number, $"kind '{f[0]}' is not M, D or I"),
        };

        // Attribute strings repeat a lot (v1|staff1); share one instance per distinct value.
        if (!attributes.TryGetValue(f[6], out var attrs))
        {
            attributes[f[6]] = attrs = f[6];
        }

        var row = new AlignedNote(kind, Int(f[1]), Int(f[2]), Real(f[3]), Real(f[4]), Real(f[5]), attrs, Int(f[7]), Real(f[8]), Real(f[9]), Int(f[10]));
        var performed = kind != AlignmentKind.Deletion;
        if (performed && (row.PerformedPitch < 0 || row.Velocity < 0 || double.IsNaN(row.OnsetSeconds) || double.IsNaN(row.OffsetSeconds)))
        {
            throw new DataFormatException(name, number, "performed note without pitch, velocity, onset or offset");
        }

        if (kind != AlignmentKind.Insertion && (row.ScorePitch < 0 || double.IsNaN(row.OnsetQuarters)))
        {
            throw new DataFormatException(name, number, "score note without pitch or onset");
        }

        return row;

        int Int(string s)
        {
            if (s.Length == 0)
            {
                return -1;
            }

            return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new DataFormatException(name, number, $"'{s}' is not an integer");
        }

        double Real(string s)
        {
            if (s.Length == 0)
            {
                return double.NaN;
            }

            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new DataFormatException(name, number, $"'{s}' is not a number");
        }
    }

    private static TimeSignatureMark ParseTimeSignature(string[] f, string name, int number)
    {
        // #timesig <n/d> bar=<bar> onset_beats=<b> onset_q=<q>
        try
        {
            var fraction = f[1].Split('/');
            var values = f.Skip(2).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            return new TimeSignatureMark(
                int.Parse(fraction[0], CultureInfo.InvariantCulture),
                int.Parse(fraction[1], CultureInfo.InvariantCulture),
                int.Parse(values["bar"], CultureInfo.InvariantCulture),
                double.Parse(values["onset_beats"], CultureInfo.InvariantCulture),
                double.Parse(values["onset_q"], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or KeyNotFoundException or OverflowException or ArgumentException)
        {
            throw new DataFormatException(name, number, $"bad #timesig line: {ex.Message}");
        }
    }
}
