namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// PyTorch <c>nn.Dropout</c> at inference: the identity (PyTorch scales at training time, so eval needs no
/// rescale). Kept as a layer so model code reads like its PyTorch twin; training applies its own mask.
/// </summary>
public sealed class Dropout
{
    public Dropout(float p)
    {
        if (p is < 0f or >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability {p} must be in [0, 1)");
        }

        P = p;
    }

    public float P { get; }

    /// <summary>Inference: copies x to y unless they are the same memory.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        if (!x.Overlaps(y))
        {
            x.CopyTo(y);
        }
    }
}
