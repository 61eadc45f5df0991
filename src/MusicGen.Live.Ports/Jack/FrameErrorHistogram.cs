namespace MusicGen.Live.Ports.Jack;

/// <summary>
/// How many frames after the frame its timestamp maps to each queued message was written (0: exactly on its frame).
/// One bucket per frame up to <see cref="MaxFrames"/>, the rest in the last.
/// </summary>
/// <remarks>Threading: the JACK process thread records; any thread reads (figures for a bench or a console, not exact while running).</remarks>
public sealed class FrameErrorHistogram
{
    public const int MaxFrames = 8192;
    private readonly long[] _counts = new long[MaxFrames + 1];
    private long _count;
    private long _max;

    public long Count => Volatile.Read(ref _count);

    /// <summary>Messages written on their exact frame.</summary>
    public long Exact => Volatile.Read(ref _counts[0]);

    public long Max => Volatile.Read(ref _max);

    internal void Record(long frames)
    {
        var bucket = (int)Math.Clamp(frames, 0, MaxFrames);
        _counts[bucket]++;
        if (frames > _max)
        {
            Volatile.Write(ref _max, frames);
        }

        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>The smallest error that <paramref name="p"/> of the messages are at or under (NaN with none).</summary>
    public double Percentile(double p)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(p * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return i;
            }
        }

        return MaxFrames;
    }
}
