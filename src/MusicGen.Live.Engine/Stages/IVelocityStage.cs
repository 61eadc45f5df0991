namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// Gives the player's notes their output velocities (the "humanize" stage). The engine keeps a window of
/// recent onsets and asks for the velocity of one of them; notes after it in the window are look-ahead
/// (none in causal mode, those that arrived within the look-ahead delay otherwise).
/// </summary>
/// <remarks>
/// Threading: called on the engine thread only, in onset order (each index once, increasing), after
/// <see cref="Reset"/>. Implementations keep their run state preallocated: no allocation in steady state.
/// </remarks>
public interface IVelocityStage
{
    /// <summary>What this stage is, for the console and reports (a model name, or what the placeholder does).</summary>
    string Name { get; }

    /// <summary>Clears run state (new session, after a fault).</summary>
    void Reset();

    /// <summary>Velocity 1–127 for <paramref name="notes"/>[<paramref name="current"/>]; entries after it are look-ahead.</summary>
    int Velocity(ReadOnlySpan<NoteOnset> notes, int current);
}
