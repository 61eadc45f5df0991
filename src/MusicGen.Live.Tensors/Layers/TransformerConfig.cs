namespace MusicGen.Live.Tensors.Layers;

/// <summary>A decoder-only language model: token embedding, <see cref="Layers"/> blocks, final norm, untied head.</summary>
public sealed record TransformerConfig(int Vocab, int Layers, DecoderConfig Block)
{
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Block);
        Block.Validate();
        if (Vocab <= 0 || Layers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Vocab), $"transformer config: vocab {Vocab}, layers {Layers}");
        }
    }
}
