namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// Log-spaced bins for a duration in seconds. Bin 0 holds [0, <see cref="Min"/>) and decodes to 0 (chords are
/// struck within a few ms); bins 1…Count−1 split [Min, Max] evenly in log space and decode to their geometric
/// centre; values above <see cref="Max"/> clamp into the last bin. So the error is below Min in bin 0 and at most
/// a factor √ratio − 1 (<see cref="MaxRelativeError"/>) relative elsewhere, up to Max. Immutable; any thread.
/// </summary>
public sealed class LogBins
{
    private readonly double _logMin;
    private readonly double _step;

    public LogBins(int count, double min, double max)
    {
        if (count < 3 || !(min > 0) || !(max > min) || !double.IsFinite(max))
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"log bins: need count ≥ 3 and 0 < min < max, got {count}, {min}, {max}");
        }

        Count = count;
        Min = min;
        Max = max;
        _logMin = Math.Log(min);
        _step = (Math.Log(max) - _logMin) / (count - 1);
    }

    public int Count { get; }

    public double Min { get; }

    public double Max { get; }

    /// <summary>Ratio between the edges of one log bin.</summary>
    public double Ratio => Math.Exp(_step);

    /// <summary>Largest relative error of a decoded value in [Min, Max].</summary>
    public double MaxRelativeError => Math.Sqrt(Ratio) - 1;

    public int Encode(double seconds)
    {
        if (!(seconds >= Min))
        {
            return 0; // also NaN and negatives: treated as "at once"
        }

        var bin = 1 + (int)Math.Floor((Math.Log(seconds) - _logMin) / _step);
        return Math.Min(bin, Count - 1);
    }

    public double Decode(int bin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bin, Count);
        return bin == 0 ? 0 : Math.Exp(_logMin + ((bin - 0.5) * _step));
    }
}
