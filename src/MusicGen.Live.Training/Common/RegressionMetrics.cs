namespace MusicGen.Live.Training.Common;

/// <summary>
/// Streaming MAE, RMSE and Pearson r of predictions against targets, in double precision with one pass
/// (sums of x, y, x², y², xy; fine for the ranges here: velocities 0–127, millions of notes).
/// Accumulators can be merged, so parallel workers each keep one. Not thread-safe.
/// </summary>
public struct RegressionMetrics
{
    private double _absSum;
    private double _sqSum;
    private double _sx;
    private double _sy;
    private double _sxx;
    private double _syy;
    private double _sxy;

    public long Count { get; private set; }

    public readonly double Mae => Count == 0 ? double.NaN : _absSum / Count;

    public readonly double Rmse => Count == 0 ? double.NaN : Math.Sqrt(_sqSum / Count);

    /// <summary>Pearson correlation; NaN when either side has no variance (e.g. a flat-velocity baseline).</summary>
    public readonly double Pearson
    {
        get
        {
            if (Count < 2)
            {
                return double.NaN;
            }

            var n = (double)Count;
            var cov = _sxy - (_sx * _sy / n);
            var vx = _sxx - (_sx * _sx / n);
            var vy = _syy - (_sy * _sy / n);
            return vx <= 1e-12 || vy <= 1e-12 ? double.NaN : cov / Math.Sqrt(vx * vy);
        }
    }

    public void Add(double prediction, double target)
    {
        var d = prediction - target;
        _absSum += Math.Abs(d);
        _sqSum += d * d;
        _sx += prediction;
        _sy += target;
        _sxx += prediction * prediction;
        _syy += target * target;
        _sxy += prediction * target;
        Count++;
    }

    public void Add(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        if (predictions.Length != targets.Length)
        {
            throw new ArgumentException($"metrics: {predictions.Length} predictions but {targets.Length} targets", nameof(targets));
        }

        for (var i = 0; i < predictions.Length; i++)
        {
            Add(predictions[i], targets[i]);
        }
    }

    public void Merge(in RegressionMetrics other)
    {
        _absSum += other._absSum;
        _sqSum += other._sqSum;
        _sx += other._sx;
        _sy += other._sy;
        _sxx += other._sxx;
        _syy += other._syy;
        _sxy += other._sxy;
        Count += other.Count;
    }
}
