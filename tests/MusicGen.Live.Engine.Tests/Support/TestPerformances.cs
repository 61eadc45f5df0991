using MusicGen.Live.Midi;
using MusicGen.Live.Training.Data;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>nasap performances of the test split (../shared/data/splits/split.csv), and their messages as a live input plays them.</summary>
public static class TestPerformances
{
    /// <summary>Paths of the nasap test-split performances, in the table's order.</summary>
    public static IReadOnlyList<string> Paths()
    {
        var table = SplitTable.Load(Path.Combine(RepoPaths.Data, "splits", "split.csv"));
        return table.Where(e => e.Dataset == "nasap" && e.Split == SplitName.Test && e.Kind == MidiFileKind.Performance)
            .Select(e => Path.Combine(RepoPaths.Data, e.Path)).ToList();
    }

    /// <summary>
    /// The file's note-ons, note-offs and CC64 as a live input receives them: (ms from the file's start, status, data1,
    /// data2), all tracks merged in time order (a tie keeps the file's track and event order).
    /// </summary>
    public static List<(double Ms, byte Status, byte Data1, byte Data2)> Messages(MidiFile file)
    {
        var tempo = file.GetTempoMap();
        var messages = new List<(double Ms, int Track, int Index, byte Status, byte Data1, byte Data2)>();
        for (var t = 0; t < file.Tracks.Count; t++)
        {
            var events = file.Tracks[t].Events;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                var command = e.Command;
                if (command is 0x80 or 0x90 || (command == 0xB0 && e.Data1 == 64))
                {
                    messages.Add((tempo.ToSeconds(e.Tick) * 1000, t, i, e.Status, e.Data1, e.Data2));
                }
            }
        }

        return messages.OrderBy(m => m.Ms).ThenBy(m => m.Track).ThenBy(m => m.Index).Select(m => (m.Ms, m.Status, m.Data1, m.Data2)).ToList();
    }
}
