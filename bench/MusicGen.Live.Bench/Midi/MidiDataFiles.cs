using MusicGen.Live.Midi.Smf;

namespace MusicGen.Live.Bench.Midi;

/// <summary>Every .mid file under MUSICGEN_DATA or ../shared/data beside the repository, and their note total.</summary>
public static class MidiDataFiles
{
    private static readonly Lazy<string[]> s_files = new(Find);
    private static readonly Lazy<long> s_notes = new(() =>
    {
        var reader = new MusicGen.Live.Midi.MidiNoteReader();
        var list = new List<MusicGen.Live.Midi.Note>();
        long total = 0;
        foreach (var file in Files)
        {
            list.Clear();
            total += reader.ReadFile(file, list);
        }

        return total;
    });

    public static string[] Files => s_files.Value;

    public static long NoteCount => s_notes.Value;

    private static string[] Find()
    {
        var folder = Environment.GetEnvironmentVariable("MUSICGEN_DATA");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); folder is null && dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MusicGen.Live.sln")))
            {
                folder = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            }
        }

        if (folder is null || !Directory.Exists(folder))
        {
            throw new InvalidOperationException("data folder not found: set MUSICGEN_DATA");
        }

        return MidiFolder.Files(folder);
    }
}
