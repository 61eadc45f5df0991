using MusicGen.Live.Models.Cards;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// A single note StyleNet that an ensemble can hold and write back: the streaming <see cref="NoteStyleNet"/> or the
/// whole-file <see cref="OfflineNoteStyleNet"/>, told apart in a card by <see cref="NoteStyleNetConfig.Bidirectional"/>.
/// Threading: implementations are immutable.
/// </summary>
public interface INoteStyleNetMember : INoteVelocityModel
{
    NoteStyleNetConfig Config { get; }

    /// <summary>Adds this model's tensors, under the names its loader reads, after <paramref name="prefix"/>.</summary>
    void AddTo(NamedTensors tensors, string prefix = "");

    /// <summary>The member <paramref name="config"/> describes: whole-file when it says bidirectional, else streaming.</summary>
    static INoteStyleNetMember FromTensors(NamedTensors tensors, NoteStyleNetConfig config, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Bidirectional ? OfflineNoteStyleNet.FromTensors(tensors, config, prefix) : NoteStyleNet.FromTensors(tensors, config, prefix);
    }

    /// <summary>A shipped single model, streaming or whole-file by its card's kind.</summary>
    static INoteStyleNetMember Load(string cardPath) =>
        ModelCard.Read(cardPath).Kind == OfflineNoteStyleNet.Kind ? OfflineNoteStyleNet.Load(cardPath) : NoteStyleNet.Load(cardPath);
}
