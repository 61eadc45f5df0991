namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// How expressive predicted velocities are next to the pianist's, per piece: the ratio of their standard deviations
/// (overall range) and of their local variation (the RMS deviation from a centred moving mean of
/// <see cref="LocalWindow"/> notes: accents and voice contrast, not the phrase arc). A model trained for MAE predicts
/// the median of possible phrasings, which is flatter than any one of them: its ratios fall below 1 even when its
/// error is low. Per-piece ratios are summarised by their median (<see cref="ExpressivenessStats"/>).
/// </summary>
public static class VelocityExpressiveness
{
    /// <summary>Notes in the moving mean that local variation is measured against.</summary>
    public const int LocalWindow = 16;

    /// <summary>Population standard deviation; NaN when empty.</summary>
    public static double Std(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        var mean = sum / values.Length;
        double squares = 0;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        return Math.Sqrt(squares / values.Length);
    }

    /// <summary>
    /// RMS deviation of each value from the mean of the <paramref name="window"/> values centred on it (notes
    /// i − window/2 … i + window/2 − 1, cut at the ends of the piece); NaN when empty.
    /// </summary>
    public static double LocalVariation(ReadOnlySpan<float> values, int window = LocalWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        // Prefix sums: the centred mean of every note in one pass.
        var prefix = new double[values.Length + 1];
        for (var i = 0; i < values.Length; i++)
        {
            prefix[i + 1] = prefix[i] + values[i];
        }

        double squares = 0;
        for (var i = 0; i < values.Length; i++)
        {
            int lo = Math.Max(0, i - (window / 2)), hi = Math.Min(values.Length, i - (window / 2) + window);
            var d = values[i] - ((prefix[hi] - prefix[lo]) / (hi - lo));
            squares += d * d;
        }

        return Math.Sqrt(squares / values.Length);
    }

    /// <summary>(std ratio, local-variation ratio) of <paramref name="predicted"/> over <paramref name="target"/>; NaN where the target has no spread.</summary>
    public static (double Std, double Local) Ratios(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target)
    {
        if (predicted.Length != target.Length)
        {
            throw new ArgumentException($"expressiveness: {predicted.Length} predictions but {target.Length} targets", nameof(target));
        }

        static double Ratio(double a, double b) => b > 1e-9 ? a / b : double.NaN;
        return (Ratio(Std(predicted), Std(target)), Ratio(LocalVariation(predicted), LocalVariation(target)));
    }
}
