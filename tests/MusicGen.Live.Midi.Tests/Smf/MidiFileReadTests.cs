namespace MusicGen.Live.Midi.Tests.Smf;

/// <summary>Byte-level reading of well-formed files: one test per feature of SMF 1.0.</summary>
public sealed class MidiFileReadTests
{
    [Fact]
    public void Reads_header_and_a_note()
    {
        var file = MidiFile.Read(SmfBytes.Format0(0x00, 0x90, 60, 100, 0x83, 0x60, 0x80, 60, 0x40));
        Assert.Equal(0, file.Format);
        Assert.Equal(480, file.Division.TicksPerQuarterNote);
        var events = file.Tracks.Single().Events;
        Assert.Equal([new MidiEvent(0, 0x90, 60, 100), new MidiEvent(480, 0x80, 60, 64)], events);
        Assert.Equal(480, file.Tracks[0].EndTick);
        Assert.Empty(file.Repairs);
    }

    [Fact]
    public void Running_status_carries_across_events_and_velocity_zero_is_an_off()
    {
        // 90 3C 64 | 00 40 64 | 60 3C 00 | 00 40 00  (the last three use running status)
        var file = MidiFile.Read(SmfBytes.Format0(0x00, 0x90, 60, 100, 0x00, 64, 100, 0x60, 60, 0, 0x00, 64, 0));
        var events = file.Tracks[0].Events;
        Assert.All(events, e => Assert.Equal(0x90, e.Status));
        Assert.Equal([false, false, true, true], events.Select(e => e.IsNoteOff));
        var notes = file.GetNotes();
        Assert.Equal(2, notes.Count);
        Assert.All(notes, n => Assert.Equal(96, n.OffTick));
    }

    [Fact]
    public void Every_channel_message_is_read_with_its_data_bytes()
    {
        var file = MidiFile.Read(SmfBytes.Format0(
            0x00, 0x81, 60, 10, // note off ch1
            0x00, 0x92, 61, 20, // note on ch2
            0x00, 0xA3, 62, 30, // poly pressure
            0x00, 0xB4, 7, 40,  // control change
            0x00, 0xC5, 5,      // program change: one data byte
            0x00, 0xD6, 70,     // channel pressure: one data byte
            0x00, 0xE7, 0x00, 0x40, // pitch bend centre
            0x00, 0xC5, 6,      // running status with one data byte
            0x01, 9));
        var events = file.Tracks[0].Events;
        Assert.Equal(
            [(0x81, 60, 10), (0x92, 61, 20), (0xA3, 62, 30), (0xB4, 7, 40), (0xC5, 5, 0), (0xD6, 70, 0), (0xE7, 0, 0x40), (0xC5, 6, 0), (0xC5, 9, 0)],
            events.Select(e => ((int)e.Status, (int)e.Data1, (int)e.Data2)));
        Assert.Equal(1, events[^1].Tick);
    }

    [Fact]
    public void Meta_events_keep_type_and_payload()
    {
        var file = MidiFile.Read(SmfBytes.Format0(
            0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,          // tempo 500000
            0x00, 0xFF, 0x58, 0x04, 0x03, 0x02, 0x18, 0x08,    // 3/4
            0x00, 0xFF, 0x59, 0x02, 0xFD, 0x01,                // 3 flats, minor
            0x00, 0xFF, 0x03, 0x04, (byte)'L', (byte)'e', (byte)'f', (byte)'t',
            0x00, 0xFF, 0x05, 0x01, 0xFC));                   // Latin-1 lyric "ü"
        var events = file.Tracks[0].Events;
        Assert.True(events[0].IsTempo);
        Assert.Equal(500_000, events[0].MicrosecondsPerQuarterNote);
        Assert.Equal(MetaEventType.TimeSignature, events[1].MetaType);
        Assert.Equal([3, 2, 0x18, 8], events[1].Data.ToArray());
        Assert.Equal([0xFD, 0x01], events[2].Data.ToArray());
        Assert.Equal("Left", file.Tracks[0].Name);
        Assert.Equal("ü", events[4].Text);
    }

    [Fact]
    public void SysEx_packets_and_escapes_keep_their_bytes_and_cancel_running_status()
    {
        var file = MidiFile.Read(SmfBytes.Format0(
            0x00, 0x90, 60, 100,
            0x00, 0xF0, 0x03, 0x43, 0x12, 0xF7,   // complete SysEx
            0x00, 0xF7, 0x02, 0xF3, 0x01,         // escape: arbitrary bytes
            0x00, 0x80, 60, 0));
        var events = file.Tracks[0].Events;
        Assert.Equal(0xF0, events[1].Status);
        Assert.Equal([0x43, 0x12, 0xF7], events[1].Data.ToArray());
        Assert.Equal(0xF7, events[2].Status);
        Assert.Equal([0xF3, 0x01], events[2].Data.ToArray());
        Assert.Single(file.GetNotes());
    }

    [Fact]
    public void Unknown_chunks_are_skipped()
    {
        var bytes = new[] { SmfBytes.Header(1, 1), SmfBytes.Chunk("XFIH", [1, 2, 3]), SmfBytes.Track(0x00, 0x90, 60, 1, 0x10, 0x80, 60, 0) }.SelectMany(b => b).ToArray();
        var file = MidiFile.Read(bytes);
        Assert.Single(file.Tracks);
        Assert.Single(file.GetNotes());
    }

    [Fact]
    public void Header_longer_than_6_bytes_is_accepted()
    {
        var header = SmfBytes.Header(0, 1).ToArray();
        header[7] = 8;
        byte[] bytes = [.. header, 0xAA, 0xBB, .. SmfBytes.Track(0x00, 0x90, 60, 1)];
        Assert.Single(MidiFile.Read(bytes).Tracks);
    }

    [Fact]
    public void Four_byte_delta_times_are_read()
    {
        var file = MidiFile.Read(SmfBytes.Format0(0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 1));
        Assert.Equal(0x0FFFFFFF, file.Tracks[0].Events[0].Tick);
    }

    [Fact]
    public void Smpte_division_gives_absolute_time()
    {
        // 25 fps × 40 ticks per frame = 1000 ticks per second, tempo ignored.
        var division = (ushort)((-25 & 0xFF) << 8 | 40);
        var file = MidiFile.Read(SmfBytes.File(0, division, SmfBytes.Track(0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, 0x00, 0x90, 60, 1, 0x87, 0x68, 0x80, 60, 0)));
        Assert.True(file.Division.IsSmpte);
        Assert.Equal(25, file.Division.SmpteFormat);
        Assert.Equal(40, file.Division.TicksPerFrame);
        var note = Assert.Single(file.GetNotes());
        Assert.Equal(1000, note.OffTick);
        Assert.Equal(1.0, note.OffsetSeconds, 12);
    }

    [Fact]
    public void Smpte_29_means_29_97_frames_per_second()
    {
        var map = new TempoMap(MidiDivision.FromSmpte(29, 100), []);
        Assert.Equal(3000 * 1001 / 30000.0 / 100 * 1.0, map.ToSeconds(3000), 12);
        Assert.Equal(3000, map.ToTicks(map.ToSeconds(3000)), 6);
    }

    [Fact]
    public void Format_1_tempo_in_the_first_track_times_notes_of_the_others()
    {
        var conductor = SmfBytes.Track(0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40); // 1,000,000 us per quarter
        var piano = SmfBytes.Track(0x83, 0x60, 0x90, 60, 1, 0x83, 0x60, 0x80, 60, 0);
        var file = MidiFile.Read(SmfBytes.File(1, 480, conductor, piano));
        var note = Assert.Single(file.GetNotes());
        Assert.Equal(1, note.Track);
        Assert.Equal(1.0, note.OnsetSeconds, 12);
        Assert.Equal(2.0, note.OffsetSeconds, 12);
    }

    [Fact]
    public void Format_2_tracks_keep_their_own_tempo()
    {
        var slow = SmfBytes.Track(0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, 0x83, 0x60, 0x90, 60, 1, 0x00, 0x80, 60, 0);
        var plain = SmfBytes.Track(0x83, 0x60, 0x90, 62, 1, 0x00, 0x80, 62, 0);
        var file = MidiFile.Read(SmfBytes.File(2, 480, slow, plain));
        var notes = file.GetNotes();
        Assert.Equal(1.0, notes.Single(n => n.Track == 0).OnsetSeconds, 12);
        Assert.Equal(0.5, notes.Single(n => n.Track == 1).OnsetSeconds, 12);
        Assert.Equal(notes, new MidiNoteReader().ReadToList(file.ToBytes()));
    }

    [Fact]
    public void System_messages_inside_a_track_are_read_as_events()
    {
        var file = MidiFile.Read(SmfBytes.Format0(0x00, 0xF8, 0x00, 0xF2, 0x10, 0x20, 0x00, 0x90, 60, 1));
        Assert.Equal([0xF8, 0xF2, 0x90], file.Tracks[0].Events.Select(e => (int)e.Status));
        Assert.Equal(0x20, file.Tracks[0].Events[1].Data2);
    }
}
