namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// Whole-sequence velocity prediction for notes with real timing: one note-level StyleNet, or an ensemble of
/// them. What <c>humanize</c> and <c>eval stylenet</c> call; live streams use <see cref="NoteStyleNet"/> directly.
/// Threading: implementations are immutable and may be called from several threads at once.
/// </summary>
public interface INoteVelocityModel
{
    /// <summary>Whether the model reads the input's own velocities (<see cref="StyleNetNote.InputVelocity"/>).</summary>
    bool ReadsInputDynamics { get; }

    /// <summary>
    /// Whether a note's velocity may depend on the whole rest of the file (a bidirectional model, or an ensemble holding
    /// one), not only on the later notes within the look-ahead: such a model has no causal use.
    /// </summary>
    bool ReadsWholeFile { get; }

    /// <summary>
    /// The same model, bounded so that no note reads later notes beyond the look-ahead: a whole-file member then runs its
    /// backward direction within each note's look-ahead (<see cref="NoteStyleNetConfig.WithinLookahead"/>). A model that
    /// is bounded already returns itself.
    /// </summary>
    INoteVelocityModel WithinLookahead();

    /// <summary>Velocities (1–127, unrounded) for notes ordered by onset, each using at most <paramref name="lookaheadSeconds"/> of later notes.</summary>
    void Predict(ReadOnlySpan<StyleNetNote> notes, float lookaheadSeconds, StyleNetStyle style, Span<float> velocities);
}
