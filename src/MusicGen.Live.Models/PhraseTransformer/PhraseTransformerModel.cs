using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// The phrase continuation network. Input: the sum of one embedding per field of the compound token
/// (<c>emb.{field}.</c>, [classes + 1, d], last row = "none" for a pedal event's note fields), plus, in a model
/// with styles, the style embedding (<c>emb.style.</c>, [styles + 1, d], last row = no style) of the run state's
/// <see cref="PhraseRunState.Style"/>: added to every event rather than fed as a leading event, so the style never
/// drops out of the bounded window, costs no position, and a zero table is exactly the style-less model. Body: pre-norm
/// decoder blocks with half-split rotary attention over a bounded window (<c>blocks.{i}.</c>, the Tensors
/// <see cref="DecoderBlock"/>), then <c>ln_f.</c>. Output: one head per field (<c>heads.{field}.</c>), evaluated in
/// <see cref="PhraseField"/> order within a step; before each head the conditioning embeddings
/// (<c>cond.{field}.</c>) of the fields already chosen are added to the hidden state, so each field sees the
/// earlier ones.
/// Two paths that agree (tested): <see cref="Observe"/> feeds one event into the KV cache (no allocation);
/// <see cref="Forward"/> recomputes a whole sequence. Threading: weights are read-only and shareable; each thread
/// owns its <see cref="PhraseRunState"/>.
/// </summary>
public sealed class PhraseTransformerModel
{
    private readonly Embedding[] _inputs;
    private readonly DecoderBlock[] _blocks;
    private readonly Embedding[] _conditions;
    private readonly PhraseFieldHead[] _heads;
    private readonly Embedding? _style;

    private PhraseTransformerModel(PhraseTransformerConfig config, Embedding[] inputs, DecoderBlock[] blocks, Norm finalNorm, Embedding[] conditions, PhraseFieldHead[] heads, Embedding? style)
    {
        _style = style;
        Config = config;
        Encoding = config.CreateEncoding();
        _inputs = inputs;
        _blocks = blocks;
        FinalNorm = finalNorm;
        _conditions = conditions;
        _heads = heads;
    }

    public PhraseTransformerConfig Config { get; }

    public PhraseEncoding Encoding { get; }

    public Norm FinalNorm { get; }

    public int ModelDim => Config.ModelDim;

    /// <summary>Name of the style table (<c>emb.style.weight</c>, [styles + 1, d]); absent when the config has no styles.</summary>
    public const string StylePrefix = "emb.style.";

    /// <summary>Tensor-name stem of a field ("shift", "kind", "pitch", "duration", "velocity").</summary>
    public static string FieldName(int field) => ((PhraseField)field).ToString().ToLowerInvariant();

    public static PhraseTransformerModel Load(NamedTensors tensors, PhraseTransformerConfig config)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var enc = config.CreateEncoding();
        var d = config.ModelDim;
        var inputs = new Embedding[PhraseToken.FieldCount];
        var conditions = new Embedding[PhraseToken.FieldCount - 1];
        var heads = new PhraseFieldHead[PhraseToken.FieldCount];
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            var n = enc.ClassCount(f);
            inputs[f] = Embedding.Load(tensors, $"emb.{FieldName(f)}.", n + 1, d);
            heads[f] = PhraseFieldHead.Load(tensors, $"heads.{FieldName(f)}.", d, n);
            if (f < conditions.Length)
            {
                conditions[f] = Embedding.Load(tensors, $"cond.{FieldName(f)}.", n + 1, d);
            }
        }

        var blocks = new DecoderBlock[config.Layers];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = DecoderBlock.Load(tensors, $"blocks.{i}.", config.Block);
        }

        var style = config.Styles > 0 ? Embedding.Load(tensors, StylePrefix, config.Styles + 1, d) : null;
        return new PhraseTransformerModel(config, inputs, blocks, Norm.Load(tensors, "ln_f.", NormKind.LayerNorm, d), conditions, heads, style);
    }

    /// <summary>Fresh weights (tests, benchmarks); embeddings scaled down so the summed input stays near unit size.</summary>
    public static PhraseTransformerModel Random(Random rng, PhraseTransformerConfig config)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var enc = config.CreateEncoding();
        var d = config.ModelDim;
        var inputs = new Embedding[PhraseToken.FieldCount];
        var conditions = new Embedding[PhraseToken.FieldCount - 1];
        var heads = new PhraseFieldHead[PhraseToken.FieldCount];
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            var n = enc.ClassCount(f);
            inputs[f] = Embedding.Random(rng, n + 1, d);
            heads[f] = PhraseFieldHead.Random(rng, d, n);
            if (f < conditions.Length)
            {
                conditions[f] = Embedding.Random(rng, n + 1, d);
            }
        }

        var blocks = new DecoderBlock[config.Layers];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = DecoderBlock.Random(rng, config.Block);
        }

        var style = config.Styles > 0 ? Embedding.Random(rng, config.Styles + 1, d) : null;
        return new PhraseTransformerModel(config, inputs, blocks, Norm.Identity(NormKind.LayerNorm, d), conditions, heads, style);
    }

    /// <summary>The same weights with another attention window (rotary positions are relative, so any window works).</summary>
    public PhraseTransformerModel WithWindow(int window) => Load(ToNamedTensors(), Config.WithWindow(window));

    /// <summary>
    /// Decode steps read bfloat16 copies of the block and head projections (half the memory traffic of a step;
    /// about three significant digits). Pair with a run state whose KV cache is bfloat16 too. Full passes
    /// (<see cref="Forward"/>) keep float weights.
    /// </summary>
    public PhraseTransformerModel UseBFloat16ForDecode() => UseDecodePrecision(PhraseDecodePrecision.Bf16);

    /// <summary>
    /// Decode steps read int8 copies of the block and head projections, one scale per output row (a quarter of
    /// float's bytes); the KV cache stays bfloat16. Full passes keep float weights.
    /// </summary>
    public PhraseTransformerModel UseInt8ForDecode() => UseDecodePrecision(PhraseDecodePrecision.Int8);

    /// <summary>Switches decode steps to <paramref name="precision"/> (the weight copies are snapshots; returns this model).</summary>
    public PhraseTransformerModel UseDecodePrecision(PhraseDecodePrecision precision)
    {
        if (precision == DecodePrecision)
        {
            return this;
        }

        if (precision == PhraseDecodePrecision.Fp32)
        {
            throw new ArgumentException("phrase model: a model switched to a compact decode precision does not go back to float; load it again", nameof(precision));
        }

        var int8 = precision is PhraseDecodePrecision.Int8 or PhraseDecodePrecision.Int8A16 or PhraseDecodePrecision.Int8A16Kv;
        var int16Activations = precision is PhraseDecodePrecision.Int8A16 or PhraseDecodePrecision.Int8A16Kv;
        foreach (var b in _blocks)
        {
            if (int8)
            {
                b.UseInt8ForDecode(int16Activations);
            }
            else
            {
                b.UseBFloat16ForDecode();
            }
        }

        foreach (var h in _heads)
        {
            foreach (var linear in new[] { h.Fc, h.Out })
            {
                if (int8)
                {
                    linear.UseInt8ForDecode(int16Activations);
                }
                else
                {
                    linear.UseBFloat16ForDecode();
                }
            }
        }

        DecodePrecision = precision;
        return this;
    }

    /// <summary>What decode steps read: <see cref="PhraseDecodePrecision.Fp32"/> until switched.</summary>
    public PhraseDecodePrecision DecodePrecision { get; private set; }

    /// <summary>The KV cache format that goes with <see cref="DecodePrecision"/>; decoders give their run states this.</summary>
    public KvCacheFormat CacheFormat => DecodePrecision switch
    {
        PhraseDecodePrecision.Fp32 => KvCacheFormat.Fp32,
        PhraseDecodePrecision.Int8A16Kv => KvCacheFormat.Int8,
        _ => KvCacheFormat.Bf16,
    };

    public NamedTensors ToNamedTensors()
    {
        var t = new NamedTensors();
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            _inputs[f].AddTo(t, $"emb.{FieldName(f)}.");
        }

        _style?.AddTo(t, StylePrefix);

        for (var i = 0; i < _blocks.Length; i++)
        {
            _blocks[i].AddTo(t, $"blocks.{i}.");
        }

        FinalNorm.AddTo(t, "ln_f.");
        for (var f = 0; f < _conditions.Length; f++)
        {
            _conditions[f].AddTo(t, $"cond.{FieldName(f)}.");
        }

        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            _heads[f].AddTo(t, $"heads.{FieldName(f)}.");
        }

        return t;
    }

    /// <summary>
    /// Feeds one event (observed or sampled) at the next position: its keys and values join the caches (the oldest
    /// drops out once the window is full) and the state's hidden vector now predicts the following event.
    /// No allocation.
    /// </summary>
    public void Observe(in PhraseToken token, PhraseRunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var x = state.Residual.AsSpan(0, ModelDim);
        Embed(token, state.Style, x);
        for (var i = 0; i < _blocks.Length; i++)
        {
            _blocks[i].Step(x, state.Caches[i], state.Block);
        }

        FinalNorm.Forward(x, state.Hidden, 1);
    }

    /// <summary>
    /// Recomputes a whole sequence from position 0 (windowed exactly like <see cref="Observe"/>), leaving the caches
    /// holding it; writes the final-norm hidden rows [tokens, d] (each predicts the event after it).
    /// </summary>
    public void Forward(ReadOnlySpan<PhraseToken> tokens, Span<float> hidden, PhraseRunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var d = ModelDim;
        var n = tokens.Length;
        if (n == 0 || n > state.MaxTokens || hidden.Length < n * d)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), $"phrase forward: {n} tokens (run state holds {state.MaxTokens}, hidden has {hidden.Length} floats)");
        }

        var x = state.Residual.AsSpan(0, n * d);
        for (var t = 0; t < n; t++)
        {
            Embed(tokens[t], state.Style, x.Slice(t * d, d));
        }

        for (var i = 0; i < _blocks.Length; i++)
        {
            _blocks[i].Forward(x, n, state.Block, state.Caches[i]);
        }

        FinalNorm.Forward(x, hidden, n);
        hidden.Slice((n - 1) * d, d).CopyTo(state.Hidden);
    }

    /// <summary>Starts a new step's field chain from the hidden state after the last observed event.</summary>
    public void BeginFields(PhraseRunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Hidden.Length != ModelDim)
        {
            throw new ArgumentException($"phrase run state is for width {state.Hidden.Length}, the model has {ModelDim}", nameof(state));
        }

        state.Hidden.CopyTo(state.Conditioned, 0);
    }

    /// <summary>Logits of <paramref name="field"/> given the fields chosen so far in this step. No allocation.</summary>
    public void FieldLogits(PhraseField field, PhraseRunState state, Span<float> logits)
    {
        ArgumentNullException.ThrowIfNull(state);
        _heads[(int)field].Forward(state.Conditioned, state.HeadHidden, logits);
    }

    /// <summary>Records the value chosen for <paramref name="field"/> so that later heads see it.</summary>
    public void ChooseField(PhraseField field, int value, PhraseRunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var f = (int)field;
        if (f < _conditions.Length)
        {
            var row = value == PhraseToken.None ? Encoding.ClassCount(f) : value;
            Elementwise.Add(state.Conditioned, _conditions[f].Weight.Row(row), state.Conditioned);
        }
    }

    /// <summary>
    /// Log-probabilities (nats) of each field of <paramref name="target"/> given the hidden row that precedes it,
    /// teacher-forcing the chain; fields a pedal event does not have get 0. <paramref name="logits"/> must hold the
    /// largest field's classes. Uses the state's head scratch; no allocation.
    /// </summary>
    public void ScoreFields(ReadOnlySpan<float> hiddenRow, in PhraseToken target, PhraseRunState state, Span<float> logits, Span<double> logProbs)
    {
        ArgumentNullException.ThrowIfNull(state);
        hiddenRow[..ModelDim].CopyTo(state.Conditioned);
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            var value = target.Get(f);
            if (value == PhraseToken.None)
            {
                logProbs[f] = 0;
                continue;
            }

            var n = Encoding.ClassCount(f);
            var l = logits[..n];
            FieldLogits((PhraseField)f, state, l);
            logProbs[f] = LogSoftmaxAt(l, value);
            ChooseField((PhraseField)f, value, state);
        }
    }

    /// <summary>Largest class count over the fields: the size of a logits buffer that fits every head.</summary>
    public int MaxClasses()
    {
        var m = 0;
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            m = Math.Max(m, Encoding.ClassCount(f));
        }

        return m;
    }

    private static double LogSoftmaxAt(ReadOnlySpan<float> logits, int index)
    {
        var max = float.NegativeInfinity;
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (var v in logits)
        {
            sum += Math.Exp(v - max);
        }

        return logits[index] - max - Math.Log(sum);
    }

    private void Embed(in PhraseToken token, int style, Span<float> x)
    {
        x.Clear();
        if (_style is not null)
        {
            // The run state checked the range when the style was set.
            Elementwise.Add(x, _style.Weight.Row(style < 0 ? Config.Styles : style), x);
        }

        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            var value = token.Get(f);
            var n = Encoding.ClassCount(f);
            if (value != PhraseToken.None && (uint)value >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(token), $"phrase token field {(PhraseField)f} = {value} is outside 0..{n - 1}");
            }

            Elementwise.Add(x, _inputs[f].Weight.Row(value == PhraseToken.None ? n : value), x);
        }
    }
}
