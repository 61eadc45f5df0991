using System.Text.Json.Serialization;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// Shape of the note-level StyleNet: a unidirectional LSTM over notes (input <see cref="NoteFeatures.Size"/>,
/// the look-ahead arriving through the feature vector's slots), then a ReLU head to one velocity. Input
/// <see cref="NoteFeatures.LegacySize"/> is a model from before the input-dynamics features: it reads the
/// leading part of the same vector and never sees the input's velocities.
/// </summary>
public sealed record NoteStyleNetConfig
{
    [JsonPropertyName("hidden")]
    public int Hidden { get; init; } = 96;

    [JsonPropertyName("layers")]
    public int Layers { get; init; } = 2;

    [JsonPropertyName("head_hidden")]
    public int HeadHidden { get; init; } = 64;

    [JsonPropertyName("input")]
    public int Input { get; init; } = NoteFeatures.Size;

    /// <summary>Restart period of the staggered LSTM copies (see <see cref="NoteStyleNetRunState"/>); 0 = one LSTM over the whole piece.</summary>
    [JsonPropertyName("state_refresh")]
    public int StateRefresh { get; init; }

    /// <summary>
    /// A bidirectional LSTM: the whole-file model (<see cref="OfflineNoteStyleNet"/>), which cannot stream. Left out of
    /// the cards of the streaming models, which are unidirectional.
    /// </summary>
    [JsonPropertyName("bidirectional")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Bidirectional { get; init; }

    /// <summary>
    /// For a bidirectional model: its backward direction reads only each note's look-ahead, not the rest of the file
    /// (<see cref="WindowedBidirectionalRun"/>), so it serves sequencer and DAW input at a bounded delay. The same weights
    /// either way; left out of the cards where false.
    /// </summary>
    [JsonPropertyName("within_lookahead")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool WithinLookahead { get; init; }

    /// <summary>Whether the model reads the input-dynamics features (a model from before them does not).</summary>
    [JsonIgnore]
    public bool ReadsInputDynamics => Input >= NoteFeatures.Size;

    public void Validate()
    {
        if (Hidden is < 1 or > 4096 || Layers is < 1 or > 8 || HeadHidden is < 1 or > 4096 || StateRefresh is < 0 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Hidden), $"note StyleNet config out of range: hidden {Hidden}, layers {Layers}, head_hidden {HeadHidden}");
        }

        if (Input is not (NoteFeatures.Size or NoteFeatures.LegacySize))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Input),
                Input,
                $"note StyleNet config input {Input} is neither this build's feature size {NoteFeatures.Size} nor the earlier {NoteFeatures.LegacySize}");
        }

        if (WithinLookahead && !Bidirectional)
        {
            throw new ArgumentException(
                "note StyleNet config: within_lookahead bounds a bidirectional model's backward direction; this config is unidirectional, whose look-ahead is bounded already",
                nameof(WithinLookahead));
        }
    }
}
