using MusicGen.Live.Midi;
using MusicGen.Live.Training.Data;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Models.Tests.Onnx;

/// <summary>Real performances from the test split of ../shared/data (never used to train or select a model).</summary>
internal static class TestSplitPrompts
{
    /// <summary>The first <paramref name="count"/> nasap test-split performances, as read from disk.</summary>
    public static IReadOnlyList<(string Path, MidiFile File)> Files(int count)
    {
        var split = SplitTable.Load(Path.Combine(RepoPaths.Data, "splits", "split.csv"));
        return split
            .Where(e => e.Split == SplitName.Test && e.Dataset == "nasap" && e.Kind == MidiFileKind.Performance)
            .Take(count)
            .Select(e => Path.Combine(RepoPaths.Data, e.Path))
            .Select(p => (p, MidiFile.Read(p, ReadingSettings.Lenient)))
            .ToArray();
    }
}
