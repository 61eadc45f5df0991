namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// Draws a class from logits with temperature, top-p and a mask of allowed classes. Seeded (xorshift64*), so a
/// seed gives the same events. Buffers are allocated once for the largest field; no allocation per draw.
/// Owned by one thread (the generator's).
/// </summary>
internal sealed class FieldSampler
{
    private readonly float[] _probs;
    private readonly int[] _order;
    private ulong _state;

    public FieldSampler(int maxClasses, ulong seed)
    {
        _probs = new float[maxClasses];
        _order = new int[maxClasses];
        Reseed(seed);
    }

    public void Reseed(ulong seed) => _state = seed * 0x9E3779B97F4A7C15UL | 1;

    /// <summary>
    /// Index of the chosen class, or -1 when the mask allows none. Temperature 0 picks the most likely allowed
    /// class; otherwise p ∝ exp(logit / T) over allowed classes, cut to the smallest set whose mass reaches topP.
    /// </summary>
    /// <exception cref="StyleNet.ModelOutputException">An allowed class's logit is NaN or infinite (broken weights): a fault, not a choice.</exception>
    public int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<bool> allowed, float temperature, float topP)
    {
        var n = logits.Length;
        var best = -1;
        var max = float.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            if (allowed[i] && !float.IsFinite(logits[i]))
            {
                throw new StyleNet.ModelOutputException($"phrase transformer gave {logits[i]} as the logit of class {i} (NaN or infinity: broken weights); nothing was sampled from it");
            }

            if (allowed[i] && logits[i] > max)
            {
                max = logits[i];
                best = i;
            }
        }

        if (best < 0 || temperature <= 0)
        {
            return best;
        }

        var m = 0;
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            if (allowed[i])
            {
                var p = MathF.Exp((logits[i] - max) / temperature);
                _probs[m] = -p; // negative so an ascending sort puts the most likely first
                _order[m] = i;
                sum += p;
                m++;
            }
        }

        var probs = _probs.AsSpan(0, m);
        var order = _order.AsSpan(0, m);
        var keep = m;
        if (topP < 1f)
        {
            probs.Sort(order);
            double cumulative = 0;
            for (var k = 0; k < m; k++)
            {
                cumulative += -probs[k] / sum;
                if (cumulative >= topP)
                {
                    keep = k + 1;
                    break;
                }
            }
        }

        double kept = 0;
        for (var k = 0; k < keep; k++)
        {
            kept -= probs[k];
        }

        var u = NextDouble() * kept;
        for (var k = 0; k < keep; k++)
        {
            u += probs[k];
            if (u <= 0)
            {
                return order[k];
            }
        }

        return order[keep - 1];
    }

    private double NextDouble()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return ((_state * 0x2545F4914F6CDD1DUL) >> 11) * (1.0 / (1UL << 53));
    }
}
