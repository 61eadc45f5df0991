namespace MusicGen.Live.Training.Data;

/// <summary>The lower-case label of a split as written in split.csv and on the command line.</summary>
public static class SplitNameExtensions
{
    public static string ToLabel(this SplitName split) => split switch
    {
        SplitName.Train => "train",
        SplitName.Valid => "valid",
        SplitName.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "unknown split"),
    };
}
