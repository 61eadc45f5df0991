using MusicGen.Live.Tensors.Layers;

namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// Everything a <see cref="PhraseTransformerModel"/> mutates while decoding, allocated once: one ring KV cache per
/// layer (bounded by the window: the oldest event drops out, nothing is recomputed), block scratch, and the
/// hidden state after the last observed event. Owned by one thread (the engine thread); <see cref="Reset"/>
/// before a new piece.
/// </summary>
public sealed class PhraseRunState
{
    private readonly int _styles;
    private int _style = NoStyle;

    /// <param name="config">Model shape.</param>
    /// <param name="maxTokens">Longest full pass (<see cref="PhraseTransformerModel.Forward"/>); 1 for decoding only.</param>
    /// <param name="cacheFormat">Number format of keys and values (<see cref="PhraseTransformerModel.CacheFormat"/> for the model's decode precision).</param>
    public PhraseRunState(PhraseTransformerConfig config, int maxTokens = 1, KvCacheFormat cacheFormat = KvCacheFormat.Fp32)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var d = config.ModelDim;
        Block = new DecoderRunState(config.Block, maxTokens);
        Caches = new KvCache[config.Layers];
        for (var i = 0; i < Caches.Length; i++)
        {
            Caches[i] = new KvCache(config.Block, cacheFormat);
        }

        MaxTokens = maxTokens;
        _styles = config.Styles;
        Residual = new float[maxTokens * d];
        Hidden = new float[d];
        Conditioned = new float[d];
        HeadHidden = new float[d];
    }

    /// <summary>Value of <see cref="Style"/> for no style (the model's "none" row; ignored by a style-less model).</summary>
    public const int NoStyle = -1;

    public int MaxTokens { get; }

    /// <summary>
    /// Style of the events fed from now on (a <see cref="StyleNet.StyleNetStyle"/> value, or <see cref="NoStyle"/>);
    /// events already in the cache keep the style they were fed with. A style-less model accepts only
    /// <see cref="NoStyle"/>; any other value out of the config's range is refused here. Kept across <see cref="Reset"/>.
    /// </summary>
    public int Style
    {
        get => _style;
        set
        {
            if (value != NoStyle && (value < 0 || value >= _styles))
            {
                throw new ArgumentOutOfRangeException(nameof(value), _styles == 0
                    ? $"phrase style {value}: this model has no style conditioning (config styles = 0); use no style"
                    : $"phrase style {value} is outside 0..{_styles - 1} (or {NoStyle} for none)");
            }

            _style = value;
        }
    }

    /// <summary>Events fed so far (positions keep counting after the window is full).</summary>
    public long Position => Caches[0].NextPosition;

    internal KvCache[] Caches { get; }

    internal DecoderRunState Block { get; }

    /// <summary>(tokens, d): residual stream of a step (1 row) or of a full pass.</summary>
    internal float[] Residual { get; }

    /// <summary>(d): final-norm output after the last event; what every field head reads.</summary>
    internal float[] Hidden { get; }

    /// <summary>(d): hidden plus the conditioning embeddings of the fields chosen so far this step.</summary>
    internal float[] Conditioned { get; }

    /// <summary>(d): hidden layer of a field head.</summary>
    internal float[] HeadHidden { get; }

    /// <summary>Forgets positions from <paramref name="position"/> on in every layer's cache (see <see cref="KvCache.Truncate"/>).</summary>
    public void Truncate(long position)
    {
        foreach (var c in Caches)
        {
            c.Truncate(position);
        }
    }

    public void Reset()
    {
        foreach (var c in Caches)
        {
            c.Reset();
        }

        Array.Clear(Hidden);
    }
}
