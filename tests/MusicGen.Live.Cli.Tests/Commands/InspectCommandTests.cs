using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MusicGen.Live.Midi;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests.Commands;

/// <summary><c>musicgen inspect</c>: summary, notes as CSV, and a clean failure on a malformed file.</summary>
public sealed class InspectCommandTests
{
    private static string SampleFile()
    {
        var file = new MidiFile(1, MidiDivision.FromTicksPerQuarterNote(480));
        file.Tracks.Add(new MidiTrack([MidiEvent.Tempo(0, 1_000_000)], 0));
        file.AddNotesTrack(
        [
            new Note(0, 0, 64, 90, 480, 960, 0, 0),
            new Note(0, 0, 60, 80, 480, 1440, 0, 0),
            new Note(0, 1, 55, 70, 0, 240, 0, 0),
        ], "piano");
        var path = Path.Combine(Path.GetTempPath(), $"musicgen-inspect-{Guid.NewGuid():N}.mid");
        file.Write(path);
        return path;
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = MusicGenCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Summary_names_format_division_tracks_tempo_notes_and_duration()
    {
        var path = SampleFile();
        var (exit, output, _) = Run("inspect", path);
        Assert.Equal(0, exit);
        Assert.Contains("format: 1", output);
        Assert.Contains("480 ticks/quarter", output);
        Assert.Contains("tracks: 2", output);
        Assert.Contains("60 BPM", output);
        Assert.Contains("notes: 3", output);
        Assert.Contains("duration: 3.000 s", output);
        File.Delete(path);
    }

    [Fact]
    public void Notes_as_csv_are_sorted_by_onset_then_pitch_with_microsecond_precision()
    {
        var path = SampleFile();
        var (exit, output, _) = Run("inspect", path, "--notes", "--format", "csv");
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("track,channel,pitch,velocity,onset_s,offset_s", lines[0]);
        Assert.Equal("1,1,55,70,0.000000,0.500000", lines[1]);
        Assert.Equal("1,0,60,80,1.000000,3.000000", lines[2]);
        Assert.Equal("1,0,64,90,1.000000,2.000000", lines[3]);
        var notes = MidiFile.Read(path).GetNotes();
        Assert.Equal(notes.Count, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Equal(6, l.Split(',')[4].Split('.')[1].Length));
        File.Delete(path);
    }

    [Fact]
    public void Every_data_set_file_lists_as_many_csv_rows_as_it_has_notes()
    {
        var path = Directory.EnumerateFiles(Path.Combine(RepoPaths.Data, "pop909"), "*.mid", SearchOption.AllDirectories).First();
        var (exit, output, _) = Run("inspect", path, "--notes");
        Assert.Equal(0, exit);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(MidiFile.Read(path).GetNotes().Count, rows.Count);
        var onsets = rows.Select(r => double.Parse(r[4], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(onsets.Order(), onsets);
    }

    [Fact]
    public void Malformed_file_exits_non_zero_with_the_reason_and_no_stack_trace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"musicgen-bad-{Guid.NewGuid():N}.mid");
        File.WriteAllBytes(path, [.. "MThd"u8, 0, 0, 0, 6, 0, 0, 0, 1, 1, 0xE0, .. "MTrk"u8, 0x7F, 0, 0, 0, 0, 0x90]);
        var dll = Path.Combine(AppContext.BaseDirectory, "musicgen.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { dll, "inspect", path })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("MUSICGEN_DEBUG");
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("ChunkLengthBeyondEnd at byte 18", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Single(stderr.Trim().Split('\n'));

        var (exit, _, error) = Run("inspect", path, "--lenient");
        Assert.Equal(0, exit);
        Assert.Contains("repaired", error);
        File.Delete(path);
    }
}
