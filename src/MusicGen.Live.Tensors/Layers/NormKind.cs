namespace MusicGen.Live.Tensors.Layers;

/// <summary>Which normalisation a <see cref="Norm"/> layer applies.</summary>
public enum NormKind
{
    /// <summary>PyTorch <c>nn.LayerNorm</c> (weight and bias).</summary>
    LayerNorm,

    /// <summary>RMSNorm, LLaMA form (weight only).</summary>
    RmsNorm,
}
