namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// One note row of a nasap <c>*_aligned.tsv.gz</c>: kind M (matched), D (score only) or I (performance only),
/// score pitch/onset/duration in quarters (NaN for I), bar and beat, performed pitch/onset/offset/velocity
/// (−1/NaN for D).
/// </summary>
public readonly record struct AlignedRow(char Kind, int ScorePitch, int Bar, double OnsetQ, double DurationQ, int PerfPitch, double OnsetSeconds, double OffsetSeconds, int Velocity);
