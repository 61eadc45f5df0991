using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Decoder-only transformer: <c>tok_emb.</c> → <c>blocks.{i}.</c> (see <see cref="DecoderBlock"/>) → <c>ln_f.</c> →
/// <c>head.</c> (no bias). <see cref="Step"/> decodes one token against the KV caches; <see cref="Forward"/>
/// recomputes a sequence from scratch and fills the caches (prefill). Both give the same logits.
/// Threading: weights are read-only and shareable; each thread brings its own <see cref="TransformerRunState"/>.
/// </summary>
public sealed class Transformer
{
    private readonly DecoderBlock[] _blocks;

    public Transformer(TransformerConfig config, Embedding embedding, DecoderBlock[] blocks, Norm finalNorm, Linear head)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(blocks);
        config.Validate();
        Config = config;
        TokenEmbedding = embedding;
        _blocks = blocks;
        FinalNorm = finalNorm;
        Head = head;
    }

    public TransformerConfig Config { get; }

    public Embedding TokenEmbedding { get; }

    public IReadOnlyList<DecoderBlock> Blocks => _blocks;

    public Norm FinalNorm { get; }

    public Linear Head { get; }

    public static Transformer Load(NamedTensors tensors, TransformerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var d = config.Block.ModelDim;
        var blocks = new DecoderBlock[config.Layers];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = DecoderBlock.Load(tensors, $"blocks.{i}.", config.Block);
        }

        return new Transformer(
            config,
            Embedding.Load(tensors, "tok_emb.", config.Vocab, d),
            blocks,
            Norm.Load(tensors, "ln_f.", config.Block.Norm, d, config.Block.NormEps),
            Linear.Load(tensors, "head.", d, config.Vocab, bias: false));
    }

    public static Transformer Random(Random rng, TransformerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var d = config.Block.ModelDim;
        var blocks = new DecoderBlock[config.Layers];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = DecoderBlock.Random(rng, config.Block);
        }

        return new Transformer(config, Embedding.Random(rng, config.Vocab, d), blocks, Norm.Identity(config.Block.Norm, d, config.Block.NormEps), Linear.Random(rng, d, config.Vocab, bias: false));
    }

    /// <summary>
    /// Decode steps read bfloat16 copies of every projection and of the head: the step is bound by memory
    /// traffic, and this halves it (logits then agree with float to about 1e-2 relative). Inference only.
    /// </summary>
    public void UseBFloat16ForDecode()
    {
        foreach (var b in _blocks)
        {
            b.UseBFloat16ForDecode();
        }

        Head.UseBFloat16ForDecode();
    }

    public NamedTensors ToNamedTensors()
    {
        var t = new NamedTensors();
        TokenEmbedding.AddTo(t, "tok_emb.");
        for (var i = 0; i < _blocks.Length; i++)
        {
            _blocks[i].AddTo(t, $"blocks.{i}.");
        }

        FinalNorm.AddTo(t, "ln_f.");
        Head.AddTo(t, "head.");
        return t;
    }

    /// <summary>Feeds one token at the next position; writes logits [vocab]. No allocation.</summary>
    public void Step(int token, Span<float> logits, TransformerRunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var d = Config.Block.ModelDim;
        var x = state.Residual.AsSpan(0, d);
        TokenEmbedding.Forward([token], x);
        for (var i = 0; i < _blocks.Length; i++)
        {
            _blocks[i].Step(x, state.Caches[i], state.Block);
        }

        FinalNorm.Forward(x, x, 1);
        Head.Forward(x, logits, 1);
    }

    /// <summary>Runs tokens from position 0 (resetting the caches, then filling them); logits [tokens, vocab].</summary>
    public void Forward(ReadOnlySpan<int> tokens, Span<float> logits, TransformerRunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var d = Config.Block.ModelDim;
        var n = tokens.Length;
        if (n == 0 || n * d > state.Residual.Length || logits.Length < n * Config.Vocab)
        {
            throw new ArgumentException($"transformer forward: {n} tokens need a run state for at least {n} "
                + $"(it holds {state.Residual.Length / d}) and {n * Config.Vocab} logits (got {logits.Length})");
        }

        var x = state.Residual.AsSpan(0, n * d);
        TokenEmbedding.Forward(tokens, x);
        for (var i = 0; i < _blocks.Length; i++)
        {
            _blocks[i].Forward(x, n, state.Block, state.Caches[i]);
        }

        FinalNorm.Forward(x, x, n);
        Head.Forward(x, logits, n);
    }
}
