namespace MusicGen.Live.Engine.Stages;

/// <summary>A player's note as the velocity stage sees it at its onset: when, which key, how hard it came in.</summary>
/// <param name="Seconds">Onset on the session clock, seconds.</param>
public readonly record struct NoteOnset(double Seconds, byte Channel, byte Pitch, byte Velocity);
