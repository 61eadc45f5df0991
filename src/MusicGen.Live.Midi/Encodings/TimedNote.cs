namespace MusicGen.Live.Midi.Encodings;

/// <summary>A note with real timing: seconds, not ticks. <see cref="SincePrevious"/> is the gap from the previous onset.</summary>
public readonly record struct TimedNote(byte Pitch, byte Velocity, double Onset, double Duration, double SincePrevious);
