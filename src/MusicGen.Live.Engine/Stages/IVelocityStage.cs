using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// Gives the player's notes their output velocities (the "humanize" stage), in the shape of the model's own streamer:
/// each onset is pushed once, releases follow, and velocities are taken in onset order once each note's look-ahead has
/// passed. The stage (its model's streamer) is the one place the notes of the look-ahead window are kept: the engine
/// holds only the messages waiting for their due time, and never shows the stage a window of its own.
/// </summary>
/// <remarks>
/// Threading: called on the engine thread only, after <see cref="Reset"/>. Implementations keep their run state
/// preallocated for <see cref="MaxPending"/> notes: no allocation in steady state, nor on a look-ahead change.
/// Time is one type from the config to the model: instants are seconds on the onsets' clock (double), durations a
/// <see cref="Models.StyleNet.Lookahead"/> (the float the model reads); the stage compares them only through
/// <see cref="Lookahead.HasPassed"/>, so a velocity taken once its look-ahead has passed is the offline model's.
/// </remarks>
public interface IVelocityStage
{
    /// <summary>
    /// The most notes a caller keeps pushed but not taken (the engine's delay line holds no more messages than this);
    /// a stage holds at least this many without forcing one out early.
    /// </summary>
    const int MaxPending = 1024;

    /// <summary>What this stage is, for the console and reports (a model name, or what the placeholder does).</summary>
    string Name { get; }

    /// <summary>
    /// How far past each onset a velocity may read (<see cref="Lookahead.Causal"/>: none), decided by the engine from its
    /// config. Setting a different one starts the stream afresh from the oldest note not yet taken, which keeps its place:
    /// the notes pending are taken with the new look-ahead (a live switch between causal and look-ahead mode).
    /// </summary>
    Lookahead Lookahead { get; set; }

    /// <summary>
    /// Velocities this stage gave with less of the future than <see cref="Lookahead"/> allows: taken with
    /// <c>force</c> before the note's look-ahead had passed (the engine's delay line overflowed), or forced out by a
    /// full buffer. Counts since construction (not cleared by <see cref="Reset"/>); the engine adds them to its metrics.
    /// </summary>
    long Early { get; }

    /// <summary>Clears run state and drops the notes pending (new session, after a fault); the look-ahead stays.</summary>
    void Reset();

    /// <summary>A player's onset, once, in onset order, with every earlier event already given.</summary>
    void Push(in NoteOnset note);

    /// <summary>
    /// The player released <paramref name="pitch"/> at <paramref name="seconds"/>: it ends the oldest held note of that pitch
    /// (first in, first out, as the MIDI reader pairs them), for stages that read durations.
    /// </summary>
    void NoteOff(int pitch, double seconds);

    /// <summary>
    /// The velocity (1–127) of the oldest note pushed and not yet taken, once its look-ahead has passed by
    /// <paramref name="nowSeconds"/> (<c>Lookahead.HasPassed(onset, nowSeconds)</c>), or with <paramref name="force"/> at
    /// once, from the look-ahead there is (counted in <see cref="Early"/> when it had not passed). False when nothing is
    /// pending, or the oldest note's look-ahead has not passed and <paramref name="force"/> is off.
    /// <paramref name="nowSeconds"/> is a time by which every event has been pushed; never the input velocity passed
    /// through: a stage that has no answer throws.
    /// </summary>
    bool TryTake(double nowSeconds, bool force, out byte velocity);
}
