namespace MusicGen.Live.Midi.Tests;

/// <summary>Pairing rules of <see cref="NoteSettings"/>, checked on hand-built tracks through both readers.</summary>
public sealed class NotePairingTests
{
    private static List<Note> Notes(byte[] bytes, NoteSettings? settings = null)
    {
        var viaFile = MidiFile.Read(bytes).GetNotes(settings);
        Assert.Equal(viaFile, new MidiNoteReader(settings).ReadToList(bytes));
        if (settings is null or { ExtendBySustain: false })
        {
            Assert.Equal(viaFile, NotePairingReference.GetNotes(MidiFile.Read(bytes)));
        }

        return viaFile;
    }

    [Fact]
    public void Overlapping_notes_of_one_pitch_end_first_in_first_out()
    {
        // on@0 v10, on@10 v20, off@20, off@30
        var notes = Notes(SmfBytes.Format0(0x00, 0x90, 60, 10, 0x0A, 0x90, 60, 20, 0x0A, 0x80, 60, 0, 0x0A, 0x80, 60, 0));
        Assert.Equal([(10, 0L, 20L), (20, 10L, 30L)], notes.Select(n => ((int)n.Velocity, n.OnTick, n.OffTick)));
    }

    [Fact]
    public void Notes_open_at_the_end_of_a_track_end_at_its_end_of_track()
    {
        byte[] bytes = [.. SmfBytes.Header(0, 1), .. SmfBytes.Chunk("MTrk", [0x00, 0x90, 60, 10, 0x83, 0x60, 0xFF, 0x2F, 0x00])];
        var note = Assert.Single(Notes(bytes));
        Assert.Equal(480, note.OffTick);
        Assert.Equal(0.5, note.OffsetSeconds, 12);
    }

    [Fact]
    public void Stray_note_offs_are_ignored_and_channels_are_separate()
    {
        var notes = Notes(SmfBytes.Format0(0x00, 0x80, 60, 0, 0x00, 0x90, 60, 10, 0x00, 0x91, 60, 20, 0x05, 0x81, 60, 0, 0x05, 0x80, 60, 0));
        Assert.Equal([(0, 10L), (1, 5L)], notes.Select(n => ((int)n.Channel, n.OffTick)));
    }

    [Fact]
    public void Note_on_and_off_at_one_tick_make_a_zero_length_note()
    {
        var note = Assert.Single(Notes(SmfBytes.Format0(0x10, 0x90, 60, 10, 0x00, 0x90, 60, 0)));
        Assert.Equal(0, note.DurationTicks);
    }

    [Fact]
    public void Notes_are_paired_within_their_track_only()
    {
        var a = SmfBytes.Track(0x00, 0x90, 60, 10);
        var b = SmfBytes.Track(0x10, 0x80, 60, 0);
        var note = Assert.Single(Notes(SmfBytes.File(1, 480, a, b)));
        Assert.Equal(0, note.OffTick); // closed at its own track's end, not by the other track's off
    }

    [Fact]
    public void Sustain_extends_a_note_to_the_pedal_release()
    {
        // pedal down@0, note 0..10, pedal up@50
        var bytes = SmfBytes.Format0(0x00, 0xB0, 64, 127, 0x00, 0x90, 60, 10, 0x0A, 0x80, 60, 0, 0x28, 0xB0, 64, 0);
        Assert.Equal(10, Notes(bytes).Single().OffTick);
        Assert.Equal(50, Notes(bytes, new NoteSettings { ExtendBySustain = true }).Single().OffTick);
    }

    [Fact]
    public void Sustained_note_ends_when_its_pitch_is_struck_again()
    {
        // pedal down, 60 on@0 off@10, 60 on@30 off@40, pedal up@100: first ends at 30, second at 100.
        var bytes = SmfBytes.Format0(0x00, 0xB0, 64, 100, 0x00, 0x90, 60, 10, 0x0A, 0x80, 60, 0, 0x14, 0x90, 60, 20, 0x0A, 0x80, 60, 0, 0x3C, 0xB0, 64, 0);
        var notes = Notes(bytes, new NoteSettings { ExtendBySustain = true });
        Assert.Equal([(0L, 30L), (30L, 100L)], notes.Select(n => (n.OnTick, n.OffTick)));
    }

    [Fact]
    public void Sustain_threshold_is_configurable_and_pedal_acts_per_channel()
    {
        // CC64 = 40: down only for a threshold of 40 or less. A pedal on channel 1 does not hold channel 0.
        var bytes = SmfBytes.Format0(0x00, 0xB0, 64, 40, 0x00, 0xB1, 64, 127, 0x00, 0x90, 60, 10, 0x0A, 0x80, 60, 0, 0x28, 0xB0, 64, 0, 0x00, 0xB1, 64, 0);
        Assert.Equal(10, Notes(bytes, new NoteSettings { ExtendBySustain = true }).Single().OffTick);
        Assert.Equal(50, Notes(bytes, new NoteSettings { ExtendBySustain = true, SustainThreshold = 40 }).Single().OffTick);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoteSettings { SustainThreshold = 0 });
    }

    [Fact]
    public void Pedal_still_down_at_the_end_holds_notes_to_the_last_tick()
    {
        var bytes = SmfBytes.Format0(0x00, 0xB0, 64, 127, 0x00, 0x90, 60, 10, 0x0A, 0x80, 60, 0, 0x50, 0xFF, 0x01, 0x00);
        Assert.Equal(90, Notes(bytes, new NoteSettings { ExtendBySustain = true }).Single().OffTick);
    }
}
