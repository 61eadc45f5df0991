using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// One performance ready for StyleNet: its notes with the performance's own timing and their velocities, and
/// (nasap only) the matched notes with the score's timing (a constant tempo fitted to the performance, <see cref="SecondsPerQuarter"/>) and the
/// performed velocities as targets. Notes are ordered by onset, then pitch.
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
    double SecondsPerQuarter);
