namespace MusicGen.Live.Engine.Config;

/// <summary>Which shipped note-level StyleNet the live engine's velocity stage runs (<c>humanize.model</c>).</summary>
public enum VelocityModel
{
    /// <summary>
    /// The engine's own model (<c>models/stylenet-note.json</c>): sized to fit the engine's per-note time budget on
    /// one core (its cost: <c>bench stylenet</c>). The default.
    /// </summary>
    Note,

    /// <summary>
    /// The large file model (<c>models/stylenet-note-large.json</c>): better dynamics (its card's live causal row)
    /// for a step past the engine's budget, yet far below the time a note-on takes on a DIN MIDI cable; for a machine
    /// with time to spare.
    /// </summary>
    Large,

    /// <summary>
    /// No model: the contour-rules placeholder (<see cref="Stages.ContourVelocityStage"/>), used only when asked for by name
    /// (or, with a warning on every status line, when the engine's own model file is missing).
    /// </summary>
    Contour,
}
