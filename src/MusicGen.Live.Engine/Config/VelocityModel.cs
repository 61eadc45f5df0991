namespace MusicGen.Live.Engine.Config;

/// <summary>Which shipped note-level StyleNet the live engine's velocity stage runs (<c>humanize.model</c>).</summary>
public enum VelocityModel
{
    /// <summary>
    /// The engine's own model (<c>models/stylenet-note.json</c>, hidden 96): sized for the per-note budget of
    /// 20 µs on one core (about 10 µs measured). The default.
    /// </summary>
    Note,

    /// <summary>
    /// The large file model (<c>models/stylenet-note-large.json</c>, hidden 160): better dynamics (nasap test,
    /// live causal MAE 10.56 against 11.15) for about 27 µs a note, past that budget but far below the
    /// ~1 ms a 3-byte note-on takes on a DIN MIDI cable; for a machine with time to spare.
    /// </summary>
    Large,

    /// <summary>
    /// No model: the contour-rules placeholder (<see cref="Stages.ContourVelocityStage"/>), used only when asked for by name
    /// (or, with a warning on every status line, when the engine's own model file is missing).
    /// </summary>
    Contour,
}
