namespace MusicGen.Live.TestSupport.Data;

/// <summary>
/// Every MIDI file under the shared data folder, as sorted relative paths with '/' separators. Links are not followed
/// (as Python's os.walk, which the mido conformance test compares with): a link back up the tree would list every
/// file again below it, level after level.
/// </summary>
public static class MidiDataSet
{
    private static readonly EnumerationOptions s_options = new()
    {
        RecurseSubdirectories = true,
        MatchCasing = MatchCasing.CaseInsensitive,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
    };

    private static readonly Lazy<string[]> s_files = new(() =>
        Directory.EnumerateFiles(RepoPaths.Data, "*", s_options)
            .Where(p => p.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".midi", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetRelativePath(RepoPaths.Data, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray());

    public static IReadOnlyList<string> Files => s_files.Value;

    public static string FullPath(string relative) => Path.Combine(RepoPaths.Data, relative);
}
