using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// The trainable form of <see cref="PhraseTransformerModel"/>, built from the train library's ops, with the same
/// parameter names and shapes so <see cref="Export"/> gives weights the inference model loads. Teacher forcing:
/// the head of field f sees the hidden state plus the conditioning embeddings of the true earlier fields.
/// Loss = Σ over fields of the mean cross-entropy of that field (pedal rows skip the note fields).
/// Threading: the training thread; ops fan out to the tape's pool.
/// </summary>
internal sealed class PhraseTrainModel
{
    private readonly PhraseBlockModule[] _blocks;
    private readonly Var[] _inputs = new Var[PhraseToken.FieldCount];
    private readonly Var[] _conditions = new Var[PhraseToken.FieldCount - 1];
    private readonly LinearModule[] _headFc = new LinearModule[PhraseToken.FieldCount];
    private readonly LinearModule[] _headOut = new LinearModule[PhraseToken.FieldCount];
    private readonly LayerNormModule _lnF;
    private readonly Var? _style;

    public PhraseTrainModel(PhraseTransformerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        Encoding = config.CreateEncoding();
        var d = config.ModelDim;
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            _inputs[f] = Parameters.Add($"emb.{PhraseTransformerModel.FieldName(f)}.weight", [Encoding.ClassCount(f) + 1, d]);
        }

        if (config.Styles > 0)
        {
            _style = Parameters.Add(PhraseTransformerModel.StylePrefix + "weight", [config.Styles + 1, d]);
        }

        _blocks = new PhraseBlockModule[config.Layers];
        for (var i = 0; i < _blocks.Length; i++)
        {
            _blocks[i] = new PhraseBlockModule(Parameters, $"blocks.{i}.", d, config.Heads, config.MlpDim);
        }

        _lnF = new LayerNormModule(Parameters, "ln_f", d);
        for (var f = 0; f < _conditions.Length; f++)
        {
            _conditions[f] = Parameters.Add($"cond.{PhraseTransformerModel.FieldName(f)}.weight", [Encoding.ClassCount(f) + 1, d]);
        }

        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            _headFc[f] = new LinearModule(Parameters, $"heads.{PhraseTransformerModel.FieldName(f)}.fc", d, d);
            _headOut[f] = new LinearModule(Parameters, $"heads.{PhraseTransformerModel.FieldName(f)}.out", d, Encoding.ClassCount(f));
        }
    }

    public PhraseTransformerConfig Config { get; }

    public PhraseEncoding Encoding { get; }

    public ParameterSet Parameters { get; } = new();

    /// <summary>Per-field mean cross-entropy of the last <see cref="Forward"/> (nats).</summary>
    public double[] FieldLoss { get; } = new double[PhraseToken.FieldCount];

    /// <summary>Embeddings N(0, 1/√(5·d))·… small so the five summed fields start near unit scale; linears PyTorch-default.</summary>
    public void Initialize(TrainRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var std = 1f / MathF.Sqrt(PhraseToken.FieldCount);
        foreach (var e in _inputs)
        {
            rng.FillNormal(e.Values, std);
        }

        // Zero: a styled model starts as the style-less one (exactly so when its other weights come from one).
        _style?.Values.Clear();

        foreach (var c in _conditions)
        {
            rng.FillNormal(c.Values, 0.1f);
        }

        foreach (var b in _blocks)
        {
            b.Initialize(rng, _blocks.Length);
        }

        _lnF.Initialize();
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            _headFc[f].Initialize(rng);
            _headOut[f].Initialize(rng);
        }
    }

    /// <summary>
    /// Loss for a batch: <paramref name="inputs"/>[field][B·T] are embedding rows (none → class count),
    /// <paramref name="targets"/>[field][B·T] the next event's classes (none → -100, ignored), and
    /// <paramref name="conditions"/>[field][B·T] the next event's classes as conditioning rows (none → class count),
    /// <paramref name="styles"/>[B·T] the style rows (none → style count; required exactly when the model has styles).
    /// </summary>
    public Var Forward(Tape tape, int[][] inputs, int[][] targets, int[][] conditions, int batch, int seq, int[]? styles = null)
    {
        ArgumentNullException.ThrowIfNull(tape);
        if ((_style is null) != (styles is null))
        {
            throw new ArgumentException($"phrase model with {Config.Styles} styles fed {(styles is null ? "no" : "a")} style column", nameof(styles));
        }

        Var x = tape.Embedding(_inputs[0], inputs[0]);
        for (var f = 1; f < PhraseToken.FieldCount; f++)
        {
            x = tape.Add(x, tape.Embedding(_inputs[f], inputs[f]));
        }

        if (_style is not null)
        {
            x = tape.Add(x, tape.Embedding(_style, styles));
        }

        foreach (var b in _blocks)
        {
            x = b.Forward(tape, x, batch, seq);
        }

        var h = _lnF.Forward(tape, x);
        Var? loss = null;
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            var logits = _headOut[f].Forward(tape, tape.Activate(_headFc[f].Forward(tape, h), Activation.Gelu));
            var ce = tape.CrossEntropy(logits, targets[f]);
            FieldLoss[f] = ce.Data[0];
            loss = loss is null ? ce : tape.Add(loss, ce);
            if (f < _conditions.Length)
            {
                h = tape.Add(h, tape.Embedding(_conditions[f], conditions[f]));
            }
        }

        return loss!;
    }

    /// <summary>Copies the parameters into named tensors the inference model loads.</summary>
    public NamedTensors Export()
    {
        var t = new NamedTensors();
        foreach (var p in Parameters.Parameters)
        {
            t.Add(p.Name, new Tensor(p.Values.ToArray(), p.Shape.ToArray()));
        }

        return t;
    }
}
