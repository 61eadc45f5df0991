namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// Per-piece expressiveness ratios (<see cref="VelocityExpressiveness"/>) of one row, one slot per piece, summarised
/// by their medians over the pieces that have them. Threading: each slot is written by one worker (the piece's), and
/// the medians are read after the run.
/// </summary>
public sealed class ExpressivenessStats(int pieces)
{
    private readonly double[] _std = Enumerable.Repeat(double.NaN, pieces).ToArray();
    private readonly double[] _local = Enumerable.Repeat(double.NaN, pieces).ToArray();

    /// <summary>Median over pieces of std(predicted) / std(pianist).</summary>
    public double StdRatio => Median(_std);

    /// <summary>Median over pieces of the local variation ratio.</summary>
    public double LocalRatio => Median(_local);

    public void Record(int piece, ReadOnlySpan<float> predicted, ReadOnlySpan<float> target) => (_std[piece], _local[piece]) = VelocityExpressiveness.Ratios(predicted, target);

    private static double Median(double[] values)
    {
        var kept = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return kept.Length == 0 ? double.NaN
            : kept.Length % 2 == 1 ? kept[kept.Length / 2]
            : (kept[(kept.Length / 2) - 1] + kept[kept.Length / 2]) / 2;
    }
}
