namespace MusicGen.Live.Midi.Data;

/// <summary>A <c>#timesig</c> line of an alignment: a time signature from a bar on, with its onset in beats and quarters.</summary>
public sealed record TimeSignatureMark(int Numerator, int Denominator, int Bar, double OnsetBeats, double OnsetQuarters);
