using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Layers;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// Per-sequence state of a <see cref="NoteStyleNet"/>: the LSTM's h and c and the head's buffers, allocated
/// once. <see cref="Step"/> advances one note. One thread at a time; no allocation, no lock.
/// </summary>
public sealed class NoteStyleNetRunState
{
    private readonly NoteStyleNet _model;
    private readonly LstmStreamer _lstm;

    // (hidden): top LSTM layer output of the current note.
    private readonly float[] _h;

    // (head_hidden): first head layer after ReLU.
    private readonly float[] _head;

    // (1): velocity / 127 before clamping.
    private readonly float[] _out = new float[1];

    public NoteStyleNetRunState(NoteStyleNet model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _lstm = new LstmStreamer(model.Lstm);
        _h = new float[model.Config.Hidden];
        _head = new float[model.Config.HeadHidden];
    }

    /// <summary>Back to the start of a piece.</summary>
    public void Reset() => _lstm.Reset();

    /// <summary>One note's features → its velocity in [1, 127] (unrounded).</summary>
    public float Step(ReadOnlySpan<float> features)
    {
        _lstm.Step(features, _h);
        _model.Head1.Forward(_h, _head, 1);
        Activations.Relu(_head, _head);
        _model.Head2.Forward(_head, _out, 1);
        return Math.Clamp(_out[0] * 127f, 1f, 127f);
    }
}
