using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The whole-file note model's Bi-LSTM run live within the look-ahead, one note at a time: the velocity
/// <see cref="OfflineNoteStyleNet"/> bounded to the look-ahead (<see cref="NoteStyleNetConfig.WithinLookahead"/>,
/// <c>humanize --within-lookahead</c>) gives the same note, through the same <see cref="WindowedBidirectionalRun"/>.
/// The forward direction's stream state is kept from note to note; the window's passes (forward from that state,
/// backward from zero at the window's last note) run over the notes within the note's look-ahead when it has passed.
/// Scratch is sized for one note's window (at most <see cref="NoteFeatures.MaxWindowNotes"/> later notes) at construction.
/// Threading: one thread (the engine thread, through <see cref="NoteStyleNetStreamer"/>); no allocation after construction.
/// </summary>
internal sealed class WindowedBidirectionalStep
{
    private readonly OfflineNoteStyleNet _model;
    private readonly WindowedBidirectionalRun _run;
    private readonly float[] _top;
    private readonly float[] _head;
    private readonly float[] _output = new float[1];

    public WindowedBidirectionalStep(OfflineNoteStyleNet model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _run = new WindowedBidirectionalRun(model.Layers, model.Config.Input, block: 1);
        _top = new float[2 * model.Config.Hidden];
        _head = new float[model.Config.HeadHidden];
    }

    public void Reset() => _run.Reset();

    /// <summary>
    /// Note <paramref name="index"/>'s velocity (1–127, unrounded); every earlier note of the piece has had its velocity
    /// from this step, in order. <paramref name="notes"/> holds its history and the later notes known so far.
    /// </summary>
    /// <exception cref="ModelOutputException">The model gave NaN or infinity (broken weights).</exception>
    public float Velocity(ReadOnlySpan<StyleNetNote> notes, int index, Lookahead lookahead, StyleNetStyle style)
    {
        _run.RunNote(notes, index, lookahead, style, _top);
        _model.Head1.Forward(_top, _head, 1);
        Activations.Relu(_head, _head);
        _model.Head2.Forward(_head, _output, 1);
        return VelocityOutput.ToVelocity(_output[0], "whole-file note StyleNet within the look-ahead");
    }
}
