namespace MusicGen.Live.Training.StyleNet;

/// <summary>Which timing a piece's notes are given in: the performance's own, or the score's at a constant tempo.</summary>
public enum TimingForm
{
    Performance,
    Score,
}
