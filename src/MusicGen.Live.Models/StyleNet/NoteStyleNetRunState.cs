using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Layers;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// Per-sequence state of a <see cref="NoteStyleNet"/>, allocated once; <see cref="Step"/> advances one note.
/// The LSTM is trained on windows of a few hundred notes from a zero state, and left running over a whole
/// piece its state drifts out of that regime. With <see cref="NoteStyleNetConfig.StateRefresh"/> = W > 0 two
/// copies of the LSTM run staggered: each restarts from zero every 2W notes, W apart, and the velocity comes
/// from the one that has seen between W and 2W notes, as in training. That costs two LSTM steps per note.
/// The LSTM runs at the model's <see cref="NoteStyleNet.Precision"/> (float as loaded; the engine asks for bf16 or int16).
/// One thread at a time; no allocation, no lock.
/// </summary>
public sealed class NoteStyleNetRunState : INoteStyleNetStep
{
    private readonly NoteStyleNet _model;
    private readonly LstmStreamer _a;
    private readonly LstmStreamer? _b;
    private readonly int _refresh;
    private long _count;

    // (hidden): top LSTM layer output of the current note, per copy.
    private readonly float[] _hA;
    private readonly float[] _hB;

    // (head_hidden): first head layer after ReLU.
    private readonly float[] _head;

    // (hidden, head_hidden): head1's weight transposed, run by MatVec.RunTransposed (no horizontal sum per unit);
    // (head_hidden): its bias.
    private readonly float[] _head1T;
    private readonly float[] _head1Bias;

    // (1): velocity / 127 before clamping.
    private readonly float[] _out = new float[1];

    public NoteStyleNetRunState(NoteStyleNet model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _refresh = model.Config.StateRefresh;
        var format = model.Precision switch
        {
            StyleNetPrecision.Bf16 => LstmWeightFormat.Bf16,
            StyleNetPrecision.Int16 => LstmWeightFormat.Int16,
            _ => LstmWeightFormat.Fp32,
        };
        _a = new LstmStreamer(model.Lstm, format);
        _b = _refresh > 0 ? new LstmStreamer(model.Lstm, format) : null;
        _hA = new float[model.Config.Hidden];
        _hB = new float[model.Config.Hidden];
        _head = new float[model.Config.HeadHidden];
        _head1T = MatVec.Transpose(model.Head1.Weight.Data, model.Config.HeadHidden, model.Head1.InFeatures);
        _head1Bias = model.Head1.Bias?.Data.ToArray() ?? new float[model.Config.HeadHidden];
    }

    public string Runtime => "native";

    /// <summary>The LSTM weight format this state runs (the model's <see cref="NoteStyleNet.Precision"/>).</summary>
    public StyleNetPrecision Precision => _model.Precision;

    /// <summary>Back to the start of a piece.</summary>
    public void Reset()
    {
        _a.Reset();
        _b?.Reset();
        _count = 0;
    }

    /// <summary>One note's features → its velocity in [1, 127] (unrounded).</summary>
    /// <exception cref="ModelOutputException">The model gave NaN or infinity.</exception>
    public float Step(ReadOnlySpan<float> features)
    {
        features = features[.._model.Config.Input]; // a model from before the input-dynamics tail reads the leading part
        var h = _hA;
        if (_b is null)
        {
            _a.Step(features, _hA);
        }
        else
        {
            var phase = _count % (2L * _refresh);
            if (phase == 0 && _count > 0)
            {
                _a.Reset();
            }
            else if (phase == _refresh && _count > _refresh)
            {
                _b.Reset();
            }

            _a.Step(features, _hA);
            _b.Step(features, _hB);

            // A has seen `phase` notes since its reset; B has seen phase + W (or everything, early in a piece).
            h = phase >= _refresh || _count < _refresh ? _hA : _hB;
        }

        _count++;
        _head1Bias.CopyTo(_head, 0);
        MatVec.RunTransposed(_head1T, _head.Length, h, _head, h.Length, _head.Length, accumulate: true);
        Activations.Relu(_head, _head);
        _model.Head2.Forward(_head, _out, 1);
        return VelocityOutput.ToVelocity(_out[0], "note StyleNet");
    }
}
