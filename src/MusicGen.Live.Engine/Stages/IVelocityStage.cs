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

    /// <summary>Velocity 1–127 for <paramref name="notes"/>[<paramref name="current"/>]; entries after it are look-ahead.</summary>
    /// <param name="lookaheadSeconds">How long after the note's onset the engine asks (0 causal): later notes up to then are in the window.</param>
    int Velocity(ReadOnlySpan<NoteOnset> notes, int current, double lookaheadSeconds);

    /// <summary>The player released <paramref name="pitch"/> at <paramref name="seconds"/> (for stages that read durations).</summary>
    void NoteOff(int pitch, double seconds);
}
