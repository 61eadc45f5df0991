namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Everything a <see cref="Transformer"/> mutates while running: one KV cache per layer, block scratch and the
/// residual stream. Allocated once; <see cref="Reset"/> before a new sequence. Owned by one thread (the
/// generation worker); no allocation after construction.
/// </summary>
public sealed class TransformerRunState
{
    public TransformerRunState(TransformerConfig config, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Block = new DecoderRunState(config.Block, maxTokens);
        var caches = new KvCache[config.Layers];
        for (var i = 0; i < caches.Length; i++)
        {
            caches[i] = new KvCache(config.Block);
        }

        Caches = caches;

        Residual = new float[maxTokens * config.Block.ModelDim];
    }

    /// <summary>One per layer.</summary>
    public IReadOnlyList<KvCache> Caches { get; }

    /// <summary>Absolute position of the next token.</summary>
    public long NextPosition => Caches[0].NextPosition;

    internal DecoderRunState Block { get; }

    /// <summary>(tokens, d): the residual stream.</summary>
    internal float[] Residual { get; }

    public void Reset()
    {
        foreach (var c in Caches)
        {
            c.Reset();
        }
    }
}
