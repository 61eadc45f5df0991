namespace MusicGen.Live.Engine.Stages;

/// <summary>A player's note as the velocity stage sees it at its onset (pushed once, <see cref="IVelocityStage.Push"/>).</summary>
/// <param name="Seconds">Onset on the session clock, seconds (the one clock of the stage's instants).</param>
/// <param name="Velocity">The player's velocity (intended dynamics, for a stage that reads them).</param>
/// <param name="Pedal">Sustain pedal down at the onset.</param>
public readonly record struct NoteOnset(double Seconds, byte Channel, byte Pitch, byte Velocity, bool Pedal);
