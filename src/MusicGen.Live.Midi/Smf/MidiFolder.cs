using System.IO.Enumeration;

namespace MusicGen.Live.Midi.Smf;

/// <summary>
/// The MIDI files (<c>.mid</c>, <c>.midi</c>, any case) under a folder and its subfolders, in ordinal path order, for every
/// verb and test that reads a folder. Linked files are read; linked folders are not entered: a link back up the tree
/// would list every file again below it, level after level (as Python's <c>os.walk</c>, which the conformance test
/// compares with). Hidden and system entries (e.g. macOS <c>._</c> resource forks) are skipped.
/// </summary>
public static class MidiFolder
{
    private static readonly EnumerationOptions s_options = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        IgnoreInaccessible = true,
    };

    /// <summary>Full paths of the MIDI files under <paramref name="folder"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static string[] Files(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"folder not found: {folder}");
        }

        var files = new FileSystemEnumerable<string>(folder, (ref FileSystemEntry e) => e.ToFullPath(), s_options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory && IsMidi(e.FileName),
            ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        return [.. files.Order(StringComparer.Ordinal)];
    }

    private static bool IsMidi(ReadOnlySpan<char> name) =>
        name.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".midi", StringComparison.OrdinalIgnoreCase);
}
