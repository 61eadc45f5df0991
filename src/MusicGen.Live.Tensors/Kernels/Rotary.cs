namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Rotary position encoding, HALF-SPLIT convention (GPT-NeoX / LLaMA-HF <c>rotate_half</c>): within each head
/// of size D, element i pairs with element i + D/2 (not 2i with 2i+1), rotated by angle pos·θ^(−2i/D):
///   x'[i]       = x[i]·cos − x[i+D/2]·sin
///   x'[i+D/2]   = x[i+D/2]·cos + x[i]·sin
/// Tables hold cos and sin per (position, i) so a step does no trigonometry. Any thread; no allocation.
/// </summary>
public static class Rotary
{
    public const float DefaultTheta = 10000f;

    /// <summary>Fills cos/sin tables [positions, headDim/2].</summary>
    public static void Table(Span<float> cos, Span<float> sin, int positions, int headDim, float theta = DefaultTheta)
    {
        if (headDim <= 0 || headDim % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(headDim), $"rotary head size {headDim} must be even and positive");
        }

        var half = headDim / 2;
        if (cos.Length < positions * half || sin.Length < positions * half)
        {
            throw new ArgumentException($"rotary tables need {positions}×{half} elements");
        }

        for (var p = 0; p < positions; p++)
        {
            for (var i = 0; i < half; i++)
            {
                var angle = p * Math.Pow(theta, -2.0 * i / headDim);
                cos[(p * half) + i] = (float)Math.Cos(angle);
                sin[(p * half) + i] = (float)Math.Sin(angle);
            }
        }
    }

    /// <summary>θ^(−2i/D) for i in [0, D/2), in double so angles stay exact at large positions.</summary>
    public static double[] InverseFrequencies(int headDim, float theta = DefaultTheta)
    {
        var inv = new double[headDim / 2];
        for (var i = 0; i < inv.Length; i++)
        {
            inv[i] = Math.Pow(theta, -2.0 * i / headDim);
        }

        return inv;
    }

    /// <summary>One position's cos/sin row, computed on the fly (a live stream's position has no upper bound).</summary>
    public static void Row(Span<float> cos, Span<float> sin, long position, ReadOnlySpan<double> inverseFrequencies)
    {
        for (var i = 0; i < inverseFrequencies.Length; i++)
        {
            var (s, c) = Math.SinCos(position * inverseFrequencies[i]);
            cos[i] = (float)c;
            sin[i] = (float)s;
        }
    }

    /// <summary>Rotates <paramref name="heads"/> consecutive heads of one position in place; cos/sin are that position's table rows.</summary>
    public static void Apply(Span<float> x, int heads, int headDim, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        var half = headDim / 2;
        if (x.Length < heads * headDim || cos.Length < half || sin.Length < half)
        {
            throw new ArgumentException($"rotary: {heads} heads of {headDim} do not fit x ({x.Length}) or tables ({cos.Length})");
        }

        for (var h = 0; h < heads; h++)
        {
            var lo = x.Slice(h * headDim, half);
            var hi = x.Slice((h * headDim) + half, half);
            for (var i = 0; i < half; i++)
            {
                var a = lo[i];
                var b = hi[i];
                lo[i] = (a * cos[i]) - (b * sin[i]);
                hi[i] = (b * cos[i]) + (a * sin[i]);
            }
        }
    }

    /// <summary>Reference: computes each angle directly in double precision.</summary>
    public static void Reference(Span<float> x, int heads, int headDim, int position, float theta = DefaultTheta)
    {
        var half = headDim / 2;
        for (var h = 0; h < heads; h++)
        {
            for (var i = 0; i < half; i++)
            {
                var angle = position * Math.Pow(theta, -2.0 * i / headDim);
                double a = x[(h * headDim) + i], b = x[(h * headDim) + half + i];
                x[(h * headDim) + i] = (float)((a * Math.Cos(angle)) - (b * Math.Sin(angle)));
                x[(h * headDim) + half + i] = (float)((b * Math.Cos(angle)) + (a * Math.Sin(angle)));
            }
        }
    }
}
