namespace MusicGen.Live.Engine.Stages;

/// <summary>A complete note (onset, pitch, duration, velocity), as the phrase generator observes the player's.</summary>
public readonly record struct PlayedNote(double OnsetSeconds, byte Pitch, double DurationSeconds, byte Velocity);
