namespace MusicGen.Live.Engine.Stages;

/// <summary>A player's note as the velocity stage sees it at its onset.</summary>
/// <param name="Sequence">The engine's running number of the player's onsets (0, 1, 2 … since start).</param>
/// <param name="Seconds">Onset on the session clock, seconds.</param>
/// <param name="Pedal">Sustain pedal down at the onset.</param>
public readonly record struct NoteOnset(long Sequence, double Seconds, byte Channel, byte Pitch, byte Velocity, bool Pedal);
