using System.Globalization;
using System.Text;

namespace MusicGen.Live.Training.Common;

/// <summary>
/// Appends one CSV row per validation (epoch, step, train loss, learning rate, valid metric, extras, seconds).
/// The header is written once, when the file is new, so a resumed run keeps appending to the same curve.
/// Values use the invariant culture. Training thread only.
/// </summary>
public sealed class CurveLog
{
    private readonly string _path;
    private string[]? _columns;

    public CurveLog(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
    }

    public string Path => _path;

    /// <summary>Appends a row; the first row of a new file fixes the columns (later rows are written in that order, missing ones empty).</summary>
    public void Append(IReadOnlyList<KeyValuePair<string, double>> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var sb = new StringBuilder();
        if (_columns is null)
        {
            if (File.Exists(_path) && new FileInfo(_path).Length > 0)
            {
                using var reader = new StreamReader(_path);
                _columns = (reader.ReadLine() ?? string.Empty).Split(',');
            }
            else
            {
                _columns = [.. row.Select(kv => kv.Key)];
                sb.AppendLine(string.Join(',', _columns));
            }
        }

        var values = row.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        sb.AppendLine(string.Join(',', _columns.Select(c => values.TryGetValue(c, out var v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : string.Empty)));
        File.AppendAllText(_path, sb.ToString());
    }
}
