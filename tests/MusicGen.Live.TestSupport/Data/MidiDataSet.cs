using MusicGen.Live.Midi.Smf;

namespace MusicGen.Live.TestSupport.Data;

/// <summary>
/// Every MIDI file under the shared data folder (<see cref="MidiFolder.Files"/>: linked folders are not entered), as
/// sorted relative paths with '/' separators.
/// </summary>
public static class MidiDataSet
{
    private static readonly Lazy<string[]> s_files = new(() =>
        [.. MidiFolder.Files(RepoPaths.Data).Select(p => Path.GetRelativePath(RepoPaths.Data, p).Replace('\\', '/'))]);

    public static IReadOnlyList<string> Files => s_files.Value;

    public static string FullPath(string relative) => Path.Combine(RepoPaths.Data, relative);
}
