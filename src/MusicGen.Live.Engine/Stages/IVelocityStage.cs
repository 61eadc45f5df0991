using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// Gives the player's notes their output velocities (the "humanize" stage). The engine keeps a window of
/// recent onsets and asks for the velocity of one of them; notes after it in the window are look-ahead
/// (none in causal mode, those that arrived within the look-ahead otherwise).
/// </summary>
/// <remarks>
/// Threading: called on the engine thread only, in onset order (each sequence once, increasing), after
/// <see cref="Reset"/>. Implementations keep their run state preallocated: no allocation in steady state.
/// </remarks>
public interface IVelocityStage
{
    /// <summary>What this stage is, for the console and reports (a model name, or what the placeholder does).</summary>
    string Name { get; }

    /// <summary>Clears run state (new session, after a fault).</summary>
    void Reset();

    /// <summary>
    /// Velocities this stage gave with less of the future than it was asked to read: asked before the note's look-ahead
    /// had passed (an overflow let the note go early), or forced out by a full buffer. Counts since
    /// construction (not cleared by <see cref="Reset"/>); the engine adds them to its metrics.
    /// </summary>
    long Early { get; }

    /// <summary>Velocity 1–127 for <paramref name="notes"/>[<paramref name="current"/>]; entries after it are look-ahead.</summary>
    /// <param name="lookahead">How much of what follows the note's onset its velocity may read (<see cref="Lookahead.Causal"/>: none).</param>
    /// <param name="nowSeconds">
    /// When the engine asks, on the onsets' clock: every note that arrived by then is in <paramref name="notes"/>. The note's
    /// look-ahead has passed when <c>lookahead.HasPassed(onset, nowSeconds)</c>; asked earlier, the stage answers with what it
    /// has and counts it in <see cref="Early"/>. Never the input velocity passed through: a stage that has no answer throws.
    /// </param>
    int Velocity(ReadOnlySpan<NoteOnset> notes, int current, Lookahead lookahead, double nowSeconds);

    /// <summary>
    /// The player released <paramref name="pitch"/> at <paramref name="seconds"/> (for stages that read durations). Given the
    /// window and the look-ahead the next velocity will be asked with, so a note whose velocity is still to come learns its
    /// duration even when its release comes before anything has been asked since its onset (a short note in look-ahead mode).
    /// </summary>
    void NoteOff(ReadOnlySpan<NoteOnset> notes, Lookahead lookahead, int pitch, double seconds);
}
