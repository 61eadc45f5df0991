namespace MusicGen.Live.Training.Data;

/// <summary>One row of <c>splits/split.csv</c>; <see cref="Path"/> is relative to the data folder.</summary>
public sealed record SplitEntry(string Path, string Dataset, string Piece, SplitName Split, MidiFileKind Kind);
