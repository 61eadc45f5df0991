namespace MusicGen.Live.Training.Common;

/// <summary>A validation score (lower is better) and any other figures worth a column in the curve log.</summary>
public sealed record ValidationResult(double Metric, IReadOnlyDictionary<string, double> Extra)
{
    public ValidationResult(double metric)
        : this(metric, new Dictionary<string, double>())
    {
    }
}
