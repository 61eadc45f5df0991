using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Pre-norm decoder block: x += proj(attn(norm1(x))); x += mlp.proj(GELU(mlp.fc(norm2(x)))), with multi-head
/// causal self-attention over a window, half-split rotary on q and k, and fused q|k|v projection.
/// State_dict names: <c>ln1.</c>, <c>attn.qkv.</c> [3d, d] (rows q, k, v), <c>attn.proj.</c>, <c>ln2.</c>,
/// <c>mlp.fc.</c> [mlp, d], <c>mlp.proj.</c> [d, mlp] (tools/golden_forward.py builds the same module in PyTorch).
/// Two paths that agree: <see cref="Forward"/> recomputes a whole sequence (and may fill the cache);
/// <see cref="Step"/> decodes one token against the cache. Threading: the caller's thread, with a run state and
/// cache of its own; no allocation.
/// </summary>
public sealed class DecoderBlock
{
    public DecoderBlock(DecoderConfig config, Norm norm1, Linear qkv, Linear proj, Norm norm2, Linear fc, Linear fcProj)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        Norm1 = norm1;
        Qkv = qkv;
        Proj = proj;
        Norm2 = norm2;
        Fc = fc;
        FcProj = fcProj;
        InverseFrequencies = Rotary.InverseFrequencies(config.HeadDim, config.RotaryTheta);
    }

    public DecoderConfig Config { get; }

    public Norm Norm1 { get; }

    public Linear Qkv { get; }

    public Linear Proj { get; }

    public Norm Norm2 { get; }

    public Linear Fc { get; }

    public Linear FcProj { get; }

    private double[] InverseFrequencies { get; }

    public static DecoderBlock Load(NamedTensors tensors, string prefix, DecoderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var d = config.ModelDim;
        return new DecoderBlock(
            config,
            Norm.Load(tensors, prefix + "ln1.", config.Norm, d, config.NormEps),
            Linear.Load(tensors, prefix + "attn.qkv.", d, 3 * d),
            Linear.Load(tensors, prefix + "attn.proj.", d, d),
            Norm.Load(tensors, prefix + "ln2.", config.Norm, d, config.NormEps),
            Linear.Load(tensors, prefix + "mlp.fc.", d, config.MlpDim),
            Linear.Load(tensors, prefix + "mlp.proj.", config.MlpDim, d));
    }

    public static DecoderBlock Random(Random rng, DecoderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var d = config.ModelDim;
        return new DecoderBlock(
            config,
            Norm.Identity(config.Norm, d, config.NormEps),
            Linear.Random(rng, d, 3 * d),
            Linear.Random(rng, d, d),
            Norm.Identity(config.Norm, d, config.NormEps),
            Linear.Random(rng, d, config.MlpDim),
            Linear.Random(rng, config.MlpDim, d));
    }

    /// <summary>Decode steps read bfloat16 copies of the four projections (see <see cref="Linear.UseBFloat16ForDecode"/>).</summary>
    public void UseBFloat16ForDecode()
    {
        Qkv.UseBFloat16ForDecode();
        Proj.UseBFloat16ForDecode();
        Fc.UseBFloat16ForDecode();
        FcProj.UseBFloat16ForDecode();
    }

    /// <summary>Decode steps read int8 copies of the four projections, optionally with int16 activations (see <see cref="Linear.UseInt8ForDecode"/>).</summary>
    public void UseInt8ForDecode(bool int16Activations = false)
    {
        Qkv.UseInt8ForDecode(int16Activations);
        Proj.UseInt8ForDecode(int16Activations);
        Fc.UseInt8ForDecode(int16Activations);
        FcProj.UseInt8ForDecode(int16Activations);
    }

    public void AddTo(NamedTensors tensors, string prefix)
    {
        Norm1.AddTo(tensors, prefix + "ln1.");
        Qkv.AddTo(tensors, prefix + "attn.qkv.");
        Proj.AddTo(tensors, prefix + "attn.proj.");
        Norm2.AddTo(tensors, prefix + "ln2.");
        Fc.AddTo(tensors, prefix + "mlp.fc.");
        FcProj.AddTo(tensors, prefix + "mlp.proj.");
    }

    /// <summary>
    /// One token at the cache's next position: x [d] is updated in place. The token's key and value join the
    /// cache; it attends to itself and the previous window − 1 positions.
    /// </summary>
    public void Step(Span<float> x, KvCache cache, DecoderRunState state)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(state);
        var cfg = Config;
        int d = cfg.ModelDim, hd = cfg.HeadDim, w = cfg.Window;
        if (x.Length < d)
        {
            throw new ArgumentException($"decoder step: x has {x.Length} elements, needs {d}");
        }

        var norm = state.Norm.AsSpan(0, d);
        var qkv = state.Qkv.AsSpan(0, 3 * d);
        var att = state.Attended.AsSpan(0, d);

        Norm1.Forward(x, norm, 1);
        Qkv.Forward(norm, qkv, 1);
        var q = qkv[..d];
        var k = qkv.Slice(d, d);
        Rotary.Row(state.Cos, state.Sin, cache.NextPosition, InverseFrequencies);
        Rotary.Apply(q, cfg.Heads, hd, state.Cos, state.Sin);
        Rotary.Apply(k, cfg.Heads, hd, state.Cos, state.Sin);
        Elementwise.Scale(q, 1f / MathF.Sqrt(hd), q);
        cache.Append(k, qkv.Slice(2 * d, d));

        // Dense: the held positions fill slots [0, count). After a truncation of a wrapped cache they do not: scan the
        // whole window and mask the slots whose positions are gone (exp(-inf) = 0, so they add nothing).
        var dense = cache.IsDense;
        var count = dense ? cache.Count : w;
        var scores = state.Scores.AsSpan(0, count);
        var ks = cache.KeyStride;
        for (var h = 0; h < cfg.Heads; h++)
        {
            var qh = q.Slice(h * hd, hd);
            var ah = att.Slice(h * hd, hd);
            if (cache.Int8Keys is { } qk && cache.Int8Values is { } qv && cache.Int8KeyScales is { } kScale && cache.Int8ValueScales is { } vScale)
            {
                // Integer dot products: the query in int16 against int8 keys, then the softmax weights times each
                // slot's value scale in int16 (AttentionWeights) against int8 values (IntegerAttention says why and how).
                var q16 = state.QuantizedQuery.AsSpan(0, hd);
                var w16 = state.QuantizedWeights.AsSpan(0, count);
                int keyBytes = IntegerAttention.KeyBytes(w, hd), valueBytes = IntegerAttention.ValueBytes(w, hd);
                var qScale = Int16Quantizer.Quantize(qh, q16);
                IntegerAttention.Scores(qk.Span.Slice(h * keyBytes, keyBytes), kScale.AsSpan(h * w, count), q16, qScale, scores, hd, count);
                MaskGone(scores, cache, dense);
                var wScale = AttentionWeights.Quantize(scores, vScale.AsSpan(h * w, count), w16);
                IntegerAttention.WeightedSum(qv.Span.Slice(h * valueBytes, valueBytes), w16, wScale, ah, hd, count);
            }
            else if (cache.CompactKeys is { } ck && cache.CompactValues is { } cv)
            {
                MatVecBf16.RunTransposed(ck.Span.Slice(h * hd * ks, hd * ks), ks, qh, scores, hd, count);
                MaskGone(scores, cache, dense);
                Softmax.Row(scores, scores);
                MatVecBf16.RunTransposed(cv.Span.Slice(h * w * hd, count * hd), hd, scores, ah, count, hd);
            }
            else
            {
                MatVec.RunTransposed(cache.Keys.AsSpan(h * hd * ks, hd * ks), ks, qh, scores, hd, count);
                MaskGone(scores, cache, dense);
                Softmax.Row(scores, scores);
                MatVec.RunTransposed(cache.Values.AsSpan(h * w * hd, count * hd), hd, scores, ah, count, hd);
            }
        }

        Proj.Forward(att, x, 1, accumulate: true);
        Mlp(x, state, 1);
    }

    /// <summary>Sets the scores of window slots whose positions a truncation removed to -inf (nothing when dense).</summary>
    private static void MaskGone(Span<float> scores, KvCache cache, bool dense)
    {
        if (dense)
        {
            return;
        }

        var w = cache.Config.Window;
        for (var p = cache.NextPosition - w; p < cache.Oldest; p++)
        {
            scores[(int)(((p % w) + w) % w)] = float.NegativeInfinity;
        }
    }

    /// <summary>
    /// A whole sequence from position 0: x [tokens, d] updated in place, causal and windowed exactly as
    /// <see cref="Step"/> would have seen it. With a cache, resets it and leaves it holding this sequence, ready
    /// for the next <see cref="Step"/> (prefill).
    /// </summary>
    public void Forward(Span<float> x, int tokens, DecoderRunState state, KvCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var cfg = Config;
        int d = cfg.ModelDim, hd = cfg.HeadDim, w = cfg.Window;
        if (tokens <= 0 || tokens > state.MaxTokens || x.Length < tokens * d)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), $"decoder forward: {tokens} tokens (run state holds {state.MaxTokens}, x has {x.Length} elements)");
        }

        var norm = state.Norm.AsSpan(0, tokens * d);
        var qkv = state.Qkv.AsSpan(0, tokens * 3 * d);
        var att = state.Attended.AsSpan(0, tokens * d);
        var scores = state.Scores.AsSpan(0, tokens * tokens);
        Norm1.Forward(x, norm, tokens);
        Qkv.Forward(norm, qkv, tokens);
        var scale = 1f / MathF.Sqrt(hd);
        cache?.Reset();
        for (var t = 0; t < tokens; t++)
        {
            var row = qkv.Slice(t * 3 * d, 3 * d);
            Rotary.Row(state.Cos, state.Sin, t, InverseFrequencies);
            Rotary.Apply(row[..d], cfg.Heads, hd, state.Cos, state.Sin);
            Rotary.Apply(row.Slice(d, d), cfg.Heads, hd, state.Cos, state.Sin);
            Elementwise.Scale(row[..d], scale, row[..d]);
            cache?.Append(row.Slice(d, d), row.Slice(2 * d, d));
        }

        for (var h = 0; h < cfg.Heads; h++)
        {
            // scores = Q_h · K_hᵀ, then mask the future and anything older than the window.
            MatMul.RunStrided(qkv[(h * hd)..], 3 * d, qkv[(d + (h * hd))..], 3 * d, scores, tokens, tokens, hd, tokens, MatMulOptions.TransposeB);
            for (var i = 0; i < tokens; i++)
            {
                var srow = scores.Slice(i * tokens, tokens);
                var first = Math.Max(0, i - w + 1);
                srow[..first].Clear();
                srow[(i + 1)..].Clear();
                Softmax.Row(srow[first..(i + 1)], srow[first..(i + 1)]);
            }

            MatMul.RunStrided(scores, tokens, qkv[((2 * d) + (h * hd))..], 3 * d, att[(h * hd)..], d, tokens, tokens, hd, MatMulOptions.None);
        }

        Proj.Forward(att, x, tokens, accumulate: true);
        Mlp(x, state, tokens);
    }

    private void Mlp(Span<float> x, DecoderRunState state, int tokens)
    {
        var norm = state.Norm.AsSpan(0, tokens * Config.ModelDim);
        var mlp = state.Mlp.AsSpan(0, tokens * Config.MlpDim);
        Norm2.Forward(x, norm, tokens);
        Fc.Forward(norm, mlp, tokens);
        Activations.Gelu(mlp, mlp);
        FcProj.Forward(mlp, x, tokens, accumulate: true);
    }
}
