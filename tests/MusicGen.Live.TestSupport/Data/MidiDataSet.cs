namespace MusicGen.Live.TestSupport.Data;

/// <summary>Every MIDI file under the shared data folder, as sorted relative paths with '/' separators.</summary>
public static class MidiDataSet
{
    private static readonly Lazy<string[]> s_files = new(() =>
        Directory.EnumerateFiles(RepoPaths.Data, "*", new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive })
            .Where(p => p.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".midi", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetRelativePath(RepoPaths.Data, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray());

    public static IReadOnlyList<string> Files => s_files.Value;

    public static string FullPath(string relative) => Path.Combine(RepoPaths.Data, relative);
}
