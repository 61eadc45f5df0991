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
}
