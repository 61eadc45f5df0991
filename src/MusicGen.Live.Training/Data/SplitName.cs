namespace MusicGen.Live.Training.Data;

/// <summary>The fixed split of a file (splits/SPLITS.md): test files never train or select a model.</summary>
public enum SplitName
{
    Train,
    Valid,
    Test,
}
