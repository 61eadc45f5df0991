using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Metrics;

/// <summary>
/// Latencies in 10 µs buckets up to 100 ms (one overflow bucket above): constant memory, O(1) record, percentiles by scan.
/// </summary>
/// <remarks>
/// Threading: one writer thread calls <see cref="Record"/> (no allocation, no lock); any thread may read
/// percentiles (a reading taken while the writer runs may be off by the samples in flight: fine for display).
/// </remarks>
public sealed class LatencyHistogram
{
    private const double BucketMicroseconds = 10;
    private const int Buckets = 10_000;
    private readonly long[] _counts = new long[Buckets + 1]; // (bucket) samples; last = overflow
    private long _total;
    private long _maxTicks;

    public long Count => Volatile.Read(ref _total);

    public double MaxMilliseconds => MidiClock.ToMilliseconds(Volatile.Read(ref _maxTicks));

    /// <summary>Adds one latency in <see cref="MidiClock"/> ticks; negative values (early) count as zero.</summary>
    public void Record(long ticks)
    {
        var clamped = Math.Max(0, ticks);
        var bucket = (int)Math.Min(Buckets, MidiClock.ToMilliseconds(clamped) * 1000.0 / BucketMicroseconds);
        Volatile.Write(ref _counts[bucket], _counts[bucket] + 1);
        Volatile.Write(ref _total, _total + 1);
        if (clamped > _maxTicks)
        {
            Volatile.Write(ref _maxTicks, clamped);
        }
    }

    /// <summary>The <paramref name="fraction"/> quantile (0.5, 0.99) in milliseconds, at bucket resolution (upper edge); NaN when empty.</summary>
    public double Percentile(double fraction)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var target = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (var i = 0; i <= Buckets; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= target)
            {
                return i == Buckets ? MaxMilliseconds : (i + 1) * BucketMicroseconds / 1000.0;
            }
        }

        return MaxMilliseconds;
    }
}
