using System.Collections.Concurrent;
using MusicGen.Live.TestSupport.Data;

namespace MusicGen.Live.Midi.Tests.DataSet;

/// <summary>
/// Every MIDI file of the shared data set: reads strictly, the fast note reader agrees with the event path and
/// with the plain reference pairing, and write → re-read gives the same events. Runs files in parallel.
/// </summary>
public sealed class DataSetTests
{
    [Fact]
    public void Every_file_reads_strictly_and_all_note_paths_agree()
    {
        Assert.NotEmpty(MidiDataSet.Files);
        var failures = new ConcurrentQueue<string>();
        var reader = new ThreadLocal<MidiNoteReader>(() => new MidiNoteReader());
        Parallel.ForEach(MidiDataSet.Files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, rel =>
        {
            try
            {
                var path = MidiDataSet.FullPath(rel);
                var file = MidiFile.Read(path);
                var fast = new List<Note>();
                reader.Value!.ReadFile(path, fast);
                var viaEvents = file.GetNotes();
                if (!fast.SequenceEqual(viaEvents))
                {
                    failures.Enqueue($"{rel}: fast reader and MidiFile.GetNotes differ");
                }

                if (!viaEvents.SequenceEqual(NotePairingReference.GetNotes(file)))
                {
                    failures.Enqueue($"{rel}: NoteBuilder and the reference pairing differ");
                }

                var sustained = file.GetNotes(new NoteSettings { ExtendBySustain = true });
                if (sustained.Count != fast.Count || sustained.Zip(fast).Any(p => p.First.OffTick < p.Second.OffTick || p.First.OnTick != p.Second.OnTick))
                {
                    failures.Enqueue($"{rel}: sustain changed something other than lengthening offsets");
                }
            }
            catch (MidiFormatException ex)
            {
                failures.Enqueue($"{rel}: {ex.Message}");
            }
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void Write_then_read_gives_the_same_events()
    {
        var failures = new ConcurrentQueue<string>();
        Parallel.ForEach(MidiDataSet.Files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, rel =>
        {
            var original = MidiFile.Read(MidiDataSet.FullPath(rel));
            var bytes = original.ToBytes();
            var again = MidiFile.Read(bytes);
            if (again.Format != original.Format || again.Division != original.Division || again.Tracks.Count != original.Tracks.Count)
            {
                failures.Enqueue($"{rel}: header changed");
                return;
            }

            for (var t = 0; t < original.Tracks.Count; t++)
            {
                if (!original.Tracks[t].Events.SequenceEqual(again.Tracks[t].Events) || original.Tracks[t].EndTick != again.Tracks[t].EndTick)
                {
                    failures.Enqueue($"{rel}: track {t} changed");
                }
            }

            if (!again.ToBytes().AsSpan().SequenceEqual(bytes))
            {
                failures.Enqueue($"{rel}: writing is not stable");
            }
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
    }
}
