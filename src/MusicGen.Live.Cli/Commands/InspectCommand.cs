using System.CommandLine;
using System.Globalization;
using MusicGen.Live.Midi;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen inspect FILE [--notes --format csv|text] [--lenient] [--sustain]</c>: a summary of a Standard MIDI
/// File (format, division, tracks, tempo map, note count, duration), or its notes sorted by onset then pitch.
/// A malformed file exits 1 with the reader's message (kind and byte offset).
/// </summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A Standard MIDI File (.mid)." };
        var notes = new Option<bool>("--notes") { Description = "Print every note instead of the summary." };
        var format = new Option<string>("--format") { Description = "Note output format: csv or text.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "text");
        var lenient = new Option<bool>("--lenient") { Description = "Repair malformed input where possible and list the repairs on stderr." };
        var sustain = new Option<bool>("--sustain") { Description = "Extend notes released under the sustain pedal (CC64 >= 64)." };
        var command = new Command("inspect", "Summarise a MIDI file (format, division, tracks, tempo map, notes, duration) or list its notes.")
        {
            file, notes, format, lenient, sustain,
        };
        command.SetAction(result => CliAction.Run(() =>
        {
            var path = result.GetValue(file)!.FullName;
            var reading = result.GetValue(lenient) ? ReadingSettings.Lenient : ReadingSettings.Strict;
            var midi = MidiFile.Read(path, reading);
            var output = result.InvocationConfiguration.Output;
            foreach (var repair in midi.Repairs)
            {
                result.InvocationConfiguration.Error.WriteLine($"musicgen: repaired: {repair}");
            }

            var list = midi.GetNotes(new NoteSettings { ExtendBySustain = result.GetValue(sustain) });
            if (result.GetValue(notes))
            {
                WriteNotes(list, result.GetValue(format) == "csv", output);
            }
            else
            {
                WriteSummary(path, midi, list, output);
            }

            return 0;
        }));
        return command;
    }

    internal static void WriteNotes(List<Note> notes, bool csv, TextWriter output)
    {
        var sorted = notes.ToArray();
        // Onset, then pitch (the documented order); track, channel and offset only break ties so output is stable.
        Array.Sort(sorted, static (a, b) =>
        {
            var c = a.OnsetSeconds.CompareTo(b.OnsetSeconds);
            c = c != 0 ? c : a.Pitch.CompareTo(b.Pitch);
            c = c != 0 ? c : a.Track.CompareTo(b.Track);
            c = c != 0 ? c : a.Channel.CompareTo(b.Channel);
            return c != 0 ? c : a.OffsetSeconds.CompareTo(b.OffsetSeconds);
        });
        var separator = csv ? "," : "\t";
        output.WriteLine(string.Join(separator, "track", "channel", "pitch", "velocity", "onset_s", "offset_s"));
        foreach (var n in sorted)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{n.Track}{separator}{n.Channel}{separator}{n.Pitch}{separator}{n.Velocity}{separator}{n.OnsetSeconds:F6}{separator}{n.OffsetSeconds:F6}"));
        }
    }

    private static void WriteSummary(string path, MidiFile midi, List<Note> notes, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"file: {path}");
        output.WriteLine(string.Create(inv, $"format: {midi.Format}"));
        output.WriteLine($"division: {midi.Division}");
        output.WriteLine(string.Create(inv, $"tracks: {midi.Tracks.Count}"));
        for (var t = 0; t < midi.Tracks.Count; t++)
        {
            var track = midi.Tracks[t];
            var count = notes.Count(n => n.Track == t);
            output.WriteLine(string.Create(inv, $"  track {t}: {track.Events.Count} events, {count} notes, ends at tick {track.LastTick}{(track.Name is { } name ? $", name \"{name}\"" : "")}"));
        }

        var maps = midi.Format == 2 ? Enumerable.Range(0, midi.Tracks.Count).Select(t => midi.GetTempoMap(t)).ToList() : [midi.GetTempoMap()];
        var map = maps[0];
        output.WriteLine(midi.Division.IsSmpte
            ? "tempo map: none (SMPTE time)"
            : string.Create(inv, $"tempo map: {map.Changes.Count} change(s){(map.Changes.Count == 0 ? " (default 120 BPM)" : "")}"));
        foreach (var change in map.Changes.Take(10))
        {
            output.WriteLine(string.Create(inv, $"  tick {change.Tick} ({map.ToSeconds(change.Tick):F3} s): {change.BeatsPerMinute:0.###} BPM ({change.MicrosecondsPerQuarterNote} us/quarter)"));
        }

        if (map.Changes.Count > 10)
        {
            output.WriteLine(string.Create(inv, $"  ... {map.Changes.Count - 10} more"));
        }

        var endSeconds = midi.Format == 2
            ? midi.Tracks.Select((t, i) => maps[i].ToSeconds(t.LastTick)).DefaultIfEmpty(0).Max()
            : map.ToSeconds(midi.Tracks.Select(t => t.LastTick).DefaultIfEmpty(0).Max());
        output.WriteLine(string.Create(inv, $"notes: {notes.Count}"));
        output.WriteLine(string.Create(inv, $"duration: {endSeconds:F3} s (last note off at {(notes.Count == 0 ? 0 : notes.Max(n => n.OffsetSeconds)):F3} s)"));
    }
}
