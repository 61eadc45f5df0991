using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MusicGen.Live.Bench.Midi;

/// <summary>Adds notes/s and allocated bytes per note to the summary (one operation = the whole data set).</summary>
public sealed class PerNoteColumn(bool bytesPerNote) : IColumn
{
    public string Id => bytesPerNote ? "BytesPerNote" : "NotesPerSecond";

    public string ColumnName => bytesPerNote ? "B/note" : "Notes/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => bytesPerNote ? "Bytes allocated per note read" : "Notes read per second on one thread";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is null)
        {
            return "-";
        }

        var notes = (double)MidiDataFiles.NoteCount;
        return bytesPerNote
            ? (report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) / notes)?.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) ?? "-"
            : (notes / (report.ResultStatistics.Mean / 1e9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
