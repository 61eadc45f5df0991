using System.Diagnostics;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Smf;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench midi</c>: reads every MIDI file of the data set into notes on one thread with
/// <see cref="MidiNoteReader"/> (one warm-up pass, then the best of <c>--repeat</c> passes) and reports notes per
/// second, bytes allocated per note and total seconds. The note list is reused across files, as a data loader
/// does; <c>midi_bytes_alloc_per_note_fresh_list</c> is the figure when every file gets a new list, and
/// <c>midi_parse_only_s</c> the time with every file already in memory. <c>midi_cpu_s</c> is the process CPU time of
/// the best pass: on a shared machine it stays near the single-core cost when wall time does not.
/// </summary>
public static class MidiBench
{
    public static int Run(string? dataFolder, int repeat, TextWriter output)
    {
        BenchReport.Machine();
        var folder = dataFolder ?? DefaultDataFolder();
        var files = MidiFolder.Files(folder);
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"no .mid files under {folder}");
        }

        var reader = new MidiNoteReader();
        var notes = new List<Note>(1 << 16);
        Pass(files, reader, notes, freshLists: false); // warm-up: JIT, page cache, buffers at their final size
        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        long count = 0, bytes = 0, allocated = 0;
        for (var r = 0; r < Math.Max(1, repeat); r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            (count, bytes) = Pass(files, reader, notes, freshLists: false);
            var seconds = clock.Elapsed.TotalSeconds;
            bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            best = Math.Min(best, seconds);
        }

        // Parsing alone, files already in memory: separates the reader's cost from file-system calls.
        var inMemory = files.Select(File.ReadAllBytes).ToArray();
        var parseBest = double.MaxValue;
        for (var r = 0; r < Math.Max(1, repeat); r++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var bytesOfFile in inMemory)
            {
                notes.Clear();
                reader.Read(bytesOfFile, notes);
            }

            parseBest = Math.Min(parseBest, clock.Elapsed.TotalSeconds);
        }

        var freshBefore = GC.GetAllocatedBytesForCurrentThread();
        Pass(files, reader, notes, freshLists: true);
        var freshAllocated = GC.GetAllocatedBytesForCurrentThread() - freshBefore;
        output.WriteLine($"{files.Length} files, {bytes / 1e6:F1} MB, {count} notes under {folder}");
        BenchReport.Figure("midi_files", files.Length);
        BenchReport.Figure("midi_notes", count);
        BenchReport.Figure("midi_notes_per_s", Math.Round(count / best));
        BenchReport.Figure("midi_bytes_alloc_per_note", (double)allocated / count);
        BenchReport.Figure("midi_bytes_alloc_per_note_fresh_list", (double)freshAllocated / count);
        BenchReport.Figure("midi_parse_only_s", parseBest);
        BenchReport.Figure("midi_cpu_s", bestCpu);
        BenchReport.Figure("midi_total_s", best);
        return 0;
    }

    private static (long Notes, long Bytes) Pass(string[] files, MidiNoteReader reader, List<Note> notes, bool freshLists)
    {
        long count = 0, bytes = 0;
        foreach (var file in files)
        {
            var list = freshLists ? [] : notes;
            list.Clear();
            count += reader.ReadFile(file, list);
            bytes += reader.LastFileLength;
        }

        return (count, bytes);
    }

    private static string DefaultDataFolder()
    {
        if (Environment.GetEnvironmentVariable("MUSICGEN_DATA") is { Length: > 0 } env)
        {
            return env;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MusicGen.Live.sln")))
                {
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                }
            }
        }

        throw new InvalidOperationException("data folder not found: pass --data or set MUSICGEN_DATA");
    }
}
