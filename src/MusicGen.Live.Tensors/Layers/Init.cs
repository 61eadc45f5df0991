using MusicGen.Live.Tensors.Core;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>Seeded weight initialisers (PyTorch's defaults are uniform ±bound); deterministic for a given generator state.</summary>
public static class Init
{
    public static Tensor Uniform(Random rng, float bound, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Tensor.Zeros(shape);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = (float)((rng.NextDouble() * 2) - 1) * bound;
        }

        return t;
    }

    public static Tensor Normal(Random rng, float std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Tensor.Zeros(shape);
        for (var i = 0; i < t.Length; i++)
        {
            // Box–Muller.
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            t.Data[i] = (float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return t;
    }

    public static Tensor Fill(float value, params int[] shape)
    {
        var t = Tensor.Zeros(shape);
        t.Span.Fill(value);
        return t;
    }
}
