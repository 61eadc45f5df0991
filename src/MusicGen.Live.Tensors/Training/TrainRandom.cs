namespace MusicGen.Live.Tensors.Training;

/// <summary>
/// Seeded xoshiro256** generator for training (initialisation, dropout masks, shuffling). Unlike
/// <see cref="Random"/> its whole state is four words that a checkpoint can save and restore, so a resumed
/// run draws exactly the numbers the uninterrupted run would have. Not thread-safe: one per training thread.
/// </summary>
public sealed class TrainRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public TrainRandom(ulong seed)
    {
        // SplitMix64 spreads the seed over the state, as the xoshiro authors recommend.
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The four state words, for checkpoints.</summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    public void SetState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new ArgumentException("random state must be four words, not all zero", nameof(state));
        }

        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return (int)((NextUInt64() >> 33) % (ulong)n);
    }

    /// <summary>Standard normal sample (Box–Muller, one value per call so the state stays four words).</summary>
    public float NextNormal()
    {
        var u1 = ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));
        var u2 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    public void FillUniform(Span<float> values, float low, float high)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = low + ((high - low) * NextFloat());
        }
    }

    public void FillNormal(Span<float> values, float std)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = std * NextNormal();
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
