using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The weights both note StyleNets hold: the LSTM (uni- or bidirectional, as the config says) and the two-layer head,
/// under the training names (<c>lstm.*</c>, <c>head1.*</c>, <c>head2.*</c>) after a prefix (an ensemble member's <c>m0.</c>).
/// One loader and one writer for <see cref="NoteStyleNet"/> and <see cref="OfflineNoteStyleNet"/>. Immutable.
/// </summary>
internal sealed record NoteStyleNetLayers(LstmWeights Lstm, Linear Head1, Linear Head2)
{
    /// <summary>A missing or misshapen tensor throws <see cref="WeightMismatchException"/> naming it.</summary>
    public static NoteStyleNetLayers Load(NamedTensors tensors, NoteStyleNetConfig config, string prefix)
    {
        var lstm = LstmWeights.Load(tensors, prefix + "lstm.", new LstmConfig(config.Input, config.Hidden, config.Layers, config.Bidirectional));
        var head1 = Linear.Load(tensors, prefix + "head1.", lstm.Config.OutputSize, config.HeadHidden);
        var head2 = Linear.Load(tensors, prefix + "head2.", config.HeadHidden, 1);
        return new NoteStyleNetLayers(lstm, head1, head2);
    }

    public void AddTo(NamedTensors tensors, string prefix)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Lstm.AddTo(tensors, prefix + "lstm.");
        Head1.AddTo(tensors, prefix + "head1.");
        Head2.AddTo(tensors, prefix + "head2.");
    }
}
