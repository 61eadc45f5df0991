namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Scratch for <see cref="DecoderBlock"/>, allocated once: one-token decode buffers and buffers for a full
/// sequence of up to <see cref="MaxTokens"/>. Shared by all blocks of a stack (they run one after another).
/// Owned by one thread at a time.
/// </summary>
public sealed class DecoderRunState
{
    public DecoderRunState(DecoderConfig config, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (maxTokens <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), $"decoder run state needs a positive token count, got {maxTokens}");
        }

        MaxTokens = maxTokens;
        var d = config.ModelDim;
        Norm = new float[maxTokens * d];
        Qkv = new float[maxTokens * 3 * d];
        Attended = new float[maxTokens * d];
        Mlp = new float[maxTokens * config.MlpDim];
        Scores = new float[Math.Max(maxTokens, config.Window) * maxTokens];
        QuantizedQuery = new short[config.HeadDim];
        QuantizedWeights = new short[config.Window];
        Cos = new float[config.HeadDim / 2];
        Sin = new float[config.HeadDim / 2];
    }

    public int MaxTokens { get; }

    /// <summary>(tokens, d): normalised input of the attention or MLP half.</summary>
    internal float[] Norm { get; }

    /// <summary>(tokens, 3·d): q | k | v, heads contiguous within each.</summary>
    internal float[] Qkv { get; }

    /// <summary>(tokens, d): attention output before the projection, heads concatenated.</summary>
    internal float[] Attended { get; }

    /// <summary>(tokens, mlp): MLP hidden activations.</summary>
    internal float[] Mlp { get; }

    /// <summary>(tokens, tokens) scores of one head in a full pass; (window) in a decode step.</summary>
    internal float[] Scores { get; }

    /// <summary>(headDim): one head's query in int16, for a step over an int8 KV cache.</summary>
    internal short[] QuantizedQuery { get; }

    /// <summary>(window): one head's attention weights times the value scales in int16, for a step over an int8 KV cache.</summary>
    internal short[] QuantizedWeights { get; }

    /// <summary>(headDim/2): rotary cos of the current position.</summary>
    internal float[] Cos { get; }

    /// <summary>(headDim/2): rotary sin of the current position.</summary>
    internal float[] Sin { get; }
}
