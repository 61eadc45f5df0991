namespace MusicGen.Live.Midi.Data;

/// <summary>A whole <c>*_aligned.tsv.gz</c>: its metadata lines and rows in file order (score order, roughly).</summary>
public sealed record Alignment(string SourceMatchVersion, IReadOnlyList<TimeSignatureMark> TimeSignatures, IReadOnlyList<AlignedNote> Notes);
