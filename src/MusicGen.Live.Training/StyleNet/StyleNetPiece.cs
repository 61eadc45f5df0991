using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// One performance ready for StyleNet: its notes with the performance's own timing and their velocities, and
/// (nasap only) the matched notes with the score's timing (a constant tempo fitted to the performance, <see cref="SecondsPerQuarter"/>) and the
/// performed velocities as targets. Notes are ordered by onset, then pitch. Two nasap-only keys tie a note to its
/// score note, which every performance of one score shares (<see cref="AnotherPianist"/>): per performed note the
/// index of its score note in <see cref="ScoreNotes"/> (−1: an inserted note, not in the score), and per score note
/// its onset in quarters from the start of the score (with its pitch, the score note). Null where the data has none.
/// </summary>
public sealed record StyleNetPiece(
    string Name,
    string Dataset,
    string Split,
    StyleNetStyle Style,
    StyleNetNote[] PerfNotes,
    byte[] PerfVelocities,
    StyleNetNote[] ScoreNotes,
    byte[] ScoreVelocities,
    double SecondsPerQuarter,
    int[]? PerfScoreIndex = null,
    double[]? ScoreOnsetQ = null)
{
    /// <summary>Whether every performed and score note carries its score key (aligned nasap data).</summary>
    public bool HasScoreKeys => PerfScoreIndex is { } perf && ScoreOnsetQ is { } score
        && perf.Length == PerfNotes.Length && score.Length == ScoreNotes.Length && score.Length > 0;
}
