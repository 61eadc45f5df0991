using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Metrics;

/// <summary>
/// Latencies in 10 µs buckets up to 50 ms, then 1 ms buckets up to 5 s (one overflow bucket above): constant
/// memory, O(1) record, percentiles by scan.
/// </summary>
/// <remarks>
/// Threading: one writer thread calls <see cref="Record"/> (no allocation, no lock); any thread may read
/// percentiles (a reading taken while the writer runs may be off by the samples in flight: fine for display).
/// </remarks>
public sealed class LatencyHistogram
{
    private const double FineMicroseconds = 10;
    private const int FineBuckets = 5_000;    // 0–50 ms
    private const int CoarseBuckets = 4_950;  // 50 ms – 5 s, 1 ms each
    private const int Buckets = FineBuckets + CoarseBuckets;
    private readonly long[] _counts = new long[Buckets + 1]; // (bucket) samples; last = overflow
    private long _total;
    private long _maxTicks;

    public long Count => Volatile.Read(ref _total);

    public double MaxMilliseconds => MidiClock.ToMilliseconds(Volatile.Read(ref _maxTicks));

    /// <summary>Adds one latency in <see cref="MidiClock"/> ticks; negative values (early) count as zero.</summary>
    public void Record(long ticks)
    {
        var clamped = Math.Max(0, ticks);
        var ms = MidiClock.ToMilliseconds(clamped);
        var bucket = ms < 50 ? (int)(ms * 1000.0 / FineMicroseconds) : (int)Math.Min(Buckets, FineBuckets + (ms - 50));
        Volatile.Write(ref _counts[bucket], _counts[bucket] + 1);
        Volatile.Write(ref _total, _total + 1);
        if (clamped > _maxTicks)
        {
            Volatile.Write(ref _maxTicks, clamped);
        }
    }

    /// <summary>The <paramref name="fraction"/> quantile (0.5, 0.99) in milliseconds, at bucket resolution (upper edge); NaN when empty.</summary>
    public double Percentile(double fraction) => PercentileSince(null, fraction);

    /// <summary>Any thread: the bucket counts now, for <see cref="PercentileSince"/> later (allocates; not for real-time threads).</summary>
    public long[] Snapshot()
    {
        var copy = new long[_counts.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Volatile.Read(ref _counts[i]);
        }

        return copy;
    }

    /// <summary>The quantile of the samples recorded since <paramref name="snapshot"/> (all of them when null); NaN when none.</summary>
    public double PercentileSince(long[]? snapshot, double fraction)
    {
        var now = snapshot is null ? null : Snapshot();
        long total = 0;
        for (var i = 0; now is not null && i < now.Length; i++)
        {
            total += now[i] - snapshot![i];
        }

        total = now is null ? Count : total;
        if (total == 0)
        {
            return double.NaN;
        }

        var target = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (var i = 0; i <= Buckets; i++)
        {
            seen += now is null ? Volatile.Read(ref _counts[i]) : now[i] - snapshot![i];
            if (seen >= target)
            {
                return i == Buckets ? MaxMilliseconds
                    : i < FineBuckets ? (i + 1) * FineMicroseconds / 1000.0
                    : 50 + (i - FineBuckets + 1);
            }
        }

        return MaxMilliseconds;
    }
}
