namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Everything a <see cref="Transformer"/> mutates while running: one KV cache per layer, block scratch and the
/// residual stream. Allocated once; <see cref="Reset"/> before a new sequence. Owned by one thread (the
/// generation worker); no allocation after construction.
/// </summary>
public sealed class TransformerRunState
{
    /// <param name="config">Model shape.</param>
    /// <param name="maxTokens">Longest sequence <see cref="Transformer.Forward"/> will be given (1 for decode only).</param>
    /// <param name="cacheFormat">Number format of the KV caches (the compact ones are for inference only).</param>
    public TransformerRunState(TransformerConfig config, int maxTokens, KvCacheFormat cacheFormat = KvCacheFormat.Fp32)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Block = new DecoderRunState(config.Block, maxTokens);
        var caches = new KvCache[config.Layers];
        for (var i = 0; i < caches.Length; i++)
        {
            caches[i] = new KvCache(config.Block, cacheFormat);
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
