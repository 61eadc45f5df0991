namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// One note as the note-level StyleNet sees it: real onset and duration in seconds, pitch, whether the
/// sustain pedal is down at its onset, and, where the input has a musical grid (a sequencer, a score, an
/// annotated file), its phase within the quarter note and whether it falls on a bar's first beat.
/// <see cref="BeatPhase"/> is NaN when unknown (live playing). <see cref="DurationSeconds"/> may be
/// <see cref="double.PositiveInfinity"/> while the note is still held.
/// <see cref="InputVelocity"/> is the velocity the input already carries where it means something — a
/// sequencer's or a score export's notated dynamics — and 0 where it does not (flat input, live playing,
/// a performance whose velocities are the very thing to predict).
/// </summary>
public readonly record struct StyleNetNote(double OnsetSeconds, double DurationSeconds, byte Pitch, bool Pedal, float BeatPhase, bool Downbeat, byte InputVelocity = 0)
{
    public bool HasBeat => !float.IsNaN(BeatPhase);

    public bool HasInputVelocity => InputVelocity > 0;
}
