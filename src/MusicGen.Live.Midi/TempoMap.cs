namespace MusicGen.Live.Midi;

/// <summary>
/// Converts ticks to seconds and back. Exact by construction: each segment's start is kept as an integer
/// numerator (ticks × µs per quarter, as <see cref="Int128"/>, so no drift accumulates over thousands of tempo
/// changes) and converted to seconds once; within a segment the offset is an exact integer product divided once.
/// The error is a few ulps of a double (≈1e-13 s over hours), far below 1 µs. Before the first tempo event the
/// SMF default of 500,000 µs per quarter (120 BPM) holds. SMPTE divisions ignore tempo: seconds = ticks / (fps ×
/// ticks per frame), 29 meaning 29.97 (30000/1001). Immutable; safe to share between threads.
/// </summary>
public sealed class TempoMap
{
    public const int DefaultMicrosecondsPerQuarterNote = 500_000;

    private readonly long[] _ticks;       // segment start tick, ascending
    private readonly long[] _factors;     // µs per quarter (PPQ) or the SMPTE per-tick factor of each segment
    private readonly double[] _seconds;   // exact start time of each segment
    private readonly double _denominator; // ticks per quarter × 1e6 (PPQ), or the SMPTE equivalent

    /// <summary>Builds a map from tempo changes in any order; at equal ticks the later one in the sequence wins.</summary>
    public TempoMap(MidiDivision division, IEnumerable<TempoChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        Division = division;
        if (division.IsSmpte)
        {
            // 29 is the code for 29.97 drop-frame: 30 nominal frames lasting 1001/1000 as long.
            var nominal = division.SmpteFormat == 29 ? 30 : division.SmpteFormat;
            _denominator = nominal * (double)division.TicksPerFrame * 1_000_000;
            _ticks = [0];
            _factors = [division.SmpteFormat == 29 ? 1_001_000 : 1_000_000];
            _seconds = [0];
            Changes = [];
            return;
        }

        var sorted = changes.Select((c, i) => (c, i)).OrderBy(x => x.c.Tick).ThenBy(x => x.i).Select(x => x.c).ToList();
        var merged = new List<TempoChange>(sorted.Count + 1);
        foreach (var change in sorted)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(change.Tick);
            if (merged.Count > 0 && merged[^1].Tick == change.Tick)
            {
                merged[^1] = change;
            }
            else
            {
                merged.Add(change);
            }
        }

        Changes = merged.ToArray();
        if (merged.Count == 0 || merged[0].Tick > 0)
        {
            merged.Insert(0, new TempoChange(0, DefaultMicrosecondsPerQuarterNote));
        }

        _denominator = division.TicksPerQuarterNote * 1_000_000.0;
        _ticks = new long[merged.Count];
        _factors = new long[merged.Count];
        _seconds = new double[merged.Count];
        Int128 numerator = 0;
        for (var i = 0; i < merged.Count; i++)
        {
            if (i > 0)
            {
                numerator += (Int128)(merged[i].Tick - merged[i - 1].Tick) * merged[i - 1].MicrosecondsPerQuarterNote;
            }

            _ticks[i] = merged[i].Tick;
            _factors[i] = merged[i].MicrosecondsPerQuarterNote;
            _seconds[i] = (double)numerator / _denominator;
        }
    }

    public MidiDivision Division { get; }

    /// <summary>The tempo events as read (sorted, one per tick); empty for SMPTE or when the file has none.</summary>
    public IReadOnlyList<TempoChange> Changes { get; }

    /// <summary>Seconds from tick 0 to <paramref name="tick"/>.</summary>
    public double ToSeconds(long tick)
    {
        var hint = 0;
        return ToSeconds(tick, ref hint);
    }

    /// <summary>
    /// Same as <see cref="ToSeconds(long)"/>, reusing the segment found last time: ascending ticks then cost O(1).
    /// </summary>
    public double ToSeconds(long tick, ref int hint)
    {
        var i = FindSegment(tick, ref hint);
        var offset = tick - _ticks[i];
        if ((ulong)offset < 1UL << 29)
        {
            // offset < 2^29 and factor < 2^25: the product is an exact integer below 2^54.
            return _seconds[i] + offset * _factors[i] / _denominator;
        }

        return _seconds[i] + (double)((Int128)offset * _factors[i]) / _denominator;
    }

    /// <summary>The tick at <paramref name="seconds"/>, as a fractional tick (round as the use needs).</summary>
    public double ToTicks(double seconds)
    {
        var lo = 0;
        var hi = _seconds.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_seconds[mid] <= seconds)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        // A zero tempo makes a segment last no time; its start is the only answer.
        return _factors[lo] == 0 ? _ticks[lo] : _ticks[lo] + (seconds - _seconds[lo]) * _denominator / _factors[lo];
    }

    /// <summary>Tempo (µs per quarter) in force at <paramref name="tick"/>.</summary>
    public int MicrosecondsPerQuarterNoteAt(long tick)
    {
        var hint = 0;
        return Division.IsSmpte ? 0 : (int)_factors[FindSegment(tick, ref hint)];
    }

    private int FindSegment(long tick, ref int hint)
    {
        var n = _ticks.Length;
        var h = (uint)hint < (uint)n ? hint : 0;
        if (_ticks[h] <= tick && (h + 1 == n || _ticks[h + 1] > tick))
        {
            return h;
        }

        if (h + 1 < n && _ticks[h + 1] <= tick && (h + 2 == n || _ticks[h + 2] > tick))
        {
            hint = h + 1;
            return h + 1;
        }

        var lo = 0;
        var hi = n - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_ticks[mid] <= tick)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        hint = lo;
        return lo;
    }
}
