using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>Fresh note StyleNet weights for tests and benchmarks, like <c>PhraseTransformerModel.Random</c> for the phrase model.</summary>
public static class NoteStyleNetWeights
{
    /// <summary>
    /// PyTorch's init for every layer (uni- or bidirectional, as the config says), under the names
    /// <see cref="NoteStyleNet.FromTensors"/> and <see cref="OfflineNoteStyleNet"/> read, after <paramref name="prefix"/>.
    /// The output bias is 0.5, so velocities land mid-range rather than clamped at 1.
    /// </summary>
    public static NamedTensors Random(Random rng, NoteStyleNetConfig config, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var lstm = LstmWeights.Random(rng, new LstmConfig(config.Input, config.Hidden, config.Layers, config.Bidirectional));
        var head1 = Linear.Random(rng, lstm.Config.OutputSize, config.HeadHidden);
        var head2 = Linear.Random(rng, config.HeadHidden, 1);
        var tensors = new NamedTensors();
        new NoteStyleNetLayers(lstm, head1, head2).AddTo(tensors, prefix);
        tensors.All[prefix + "head2.bias"].Data[0] = 0.5f;
        return tensors;
    }
}
