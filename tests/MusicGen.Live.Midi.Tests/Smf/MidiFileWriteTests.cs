using MusicGen.Live.TestSupport.Data;

namespace MusicGen.Live.Midi.Tests.Smf;

public sealed class MidiFileWriteTests
{
    [Fact]
    public void Channel_messages_use_running_status_and_meta_events_cancel_it()
    {
        var file = new MidiFile(0, MidiDivision.FromTicksPerQuarterNote(96));
        file.Tracks.Add(new MidiTrack(
        [
            MidiEvent.NoteOn(0, 0, 60, 100), MidiEvent.NoteOn(0, 0, 64, 100),
            MidiEvent.MetaText(0, MetaEventType.Marker, "A"), MidiEvent.NoteOn(0, 0, 67, 100),
        ], 10));
        var body = file.ToBytes()[22..];
        Assert.Equal(
            [0x00, 0x90, 60, 100, 0x00, 64, 100, 0x00, 0xFF, 0x06, 0x01, (byte)'A', 0x00, 0x90, 67, 100, 0x0A, 0xFF, 0x2F, 0x00],
            body);
    }

    [Fact]
    public void Sysex_meta_and_system_events_round_trip_byte_for_byte()
    {
        var bytes = SmfBytes.Format0(
            0x00, 0xF0, 0x03, 0x43, 0x12, 0xF7, 0x00, 0xF7, 0x02, 0xF3, 0x01, 0x00, 0xFF, 0x7F, 0x02, 0x00, 0x41,
            0x00, 0xF2, 0x01, 0x02, 0x00, 0xC0, 0x05, 0x83, 0x60, 0xE0, 0x00, 0x40);
        Assert.Equal(bytes, MidiFile.Read(bytes).ToBytes());
    }

    [Fact]
    public void Notes_written_as_a_track_read_back_the_same()
    {
        var file = new MidiFile(1, MidiDivision.FromTicksPerQuarterNote(480));
        file.Tracks.Add(new MidiTrack([MidiEvent.Tempo(0, 400_000)], 0));
        Note[] notes = [new(1, 0, 60, 80, 0, 480, 0, 0), new(1, 0, 60, 90, 480, 960, 0, 0), new(1, 2, 70, 1, 100, 100, 0, 0)];
        file.AddNotesTrack(notes, "continuation");
        var back = MidiFile.Read(file.ToBytes()).GetNotes();
        Assert.Equal(
            notes.Select(n => (n.Track, n.Channel, n.Pitch, n.Velocity, n.OnTick, n.OffTick)).Order(),
            back.Select(n => (n.Track, n.Channel, n.Pitch, n.Velocity, n.OnTick, n.OffTick)).Order());
        Assert.Equal(0.4, back.Single(n => n.OnTick == 480).OnsetSeconds, 12);
        Assert.Equal("continuation", MidiFile.Read(file.ToBytes()).Tracks[1].Name);
    }

    [Fact]
    public void Editing_velocities_in_place_keeps_every_other_event()
    {
        var path = MidiDataSet.FullPath(MidiDataSet.Files.First(f => f.StartsWith("pianomidide/", StringComparison.Ordinal)));
        var file = MidiFile.Read(path);
        var original = MidiFile.Read(path);
        foreach (var track in file.Tracks)
        {
            for (var i = 0; i < track.Events.Count; i++)
            {
                if (track.Events[i].IsNoteOn)
                {
                    track.Events[i] = track.Events[i].WithVelocity(track.Events[i].Data2 / 2 + 1);
                }
            }
        }

        var back = MidiFile.Read(file.ToBytes());
        for (var t = 0; t < original.Tracks.Count; t++)
        {
            var before = original.Tracks[t].Events;
            var after = back.Tracks[t].Events;
            Assert.Equal(before.Count, after.Count);
            for (var i = 0; i < before.Count; i++)
            {
                Assert.Equal(before[i].IsNoteOn ? before[i].WithVelocity(before[i].Data2 / 2 + 1) : before[i], after[i]);
            }
        }
    }

    [Fact]
    public void Invalid_files_are_refused_when_writing()
    {
        var file = new MidiFile(0, MidiDivision.FromTicksPerQuarterNote(480));
        file.Tracks.Add(new MidiTrack([MidiEvent.NoteOn(10, 0, 60, 1), MidiEvent.NoteOff(5, 0, 60)]));
        Assert.Throws<InvalidOperationException>(() => file.ToBytes());
        file.Tracks[0].Events.Clear();
        file.Tracks.Add(new MidiTrack());
        Assert.Throws<InvalidOperationException>(() => file.ToBytes());
    }

    [Fact]
    public void Setting_note_velocities_changes_only_velocities()
    {
        var path = MidiDataSet.FullPath(MidiDataSet.Files.First(f => f.StartsWith("pop909/", StringComparison.Ordinal)));
        var file = MidiFile.Read(path);
        var notes = file.GetNotes();
        var velocities = notes.Select((n, i) => (byte)(i % 127)).ToArray(); // 0 becomes 1
        file.SetNoteVelocities(velocities);
        var back = MidiFile.Read(file.ToBytes()).GetNotes();
        Assert.Equal(notes.Select((n, i) => n with { Velocity = Math.Max(velocities[i], (byte)1) }), back);
        Assert.Throws<ArgumentException>(() => file.SetNoteVelocities(velocities.AsSpan(1)));
    }
}
