namespace MusicGen.Live.Midi.Tests.Smf;

/// <summary>
/// A corpus of hand-built malformed files, one per kind of damage: the strict policy throws a typed exception
/// naming the kind and the byte offset; the lenient policy reads what it can and reports the repair; the fast
/// note reader behaves the same. Offsets: the header is 14 bytes, so a single track's body starts at byte 22.
/// </summary>
public sealed class InvalidFileTests
{
    private static readonly byte[] s_note = [0x00, 0x90, 60, 100, 0x60, 0x80, 60, 0];

    public static TheoryData<string, byte[], MidiErrorKind, long> Corpus() => new()
    {
        { "not a MIDI file", "RIFF\0\0\0\0RMID"u8.ToArray(), MidiErrorKind.NotAMidiFile, 0 },
        { "header too short", [.. "MThd"u8, 0, 0, 0, 4, 0, 0, 0, 1], MidiErrorKind.InvalidHeader, 4 },
        { "format 3", [.. SmfBytes.Header(3, 1), .. SmfBytes.Track(s_note)], MidiErrorKind.InvalidHeader, 8 },
        { "division 0", [.. SmfBytes.Header(0, 1, 0), .. SmfBytes.Track(s_note)], MidiErrorKind.InvalidHeader, 12 },
        { "forged huge chunk length", [.. SmfBytes.Header(0, 1), .. "MTrk"u8, 0x7F, 0xFF, 0xFF, 0xF0, .. s_note, .. SmfBytes.EndOfTrack], MidiErrorKind.ChunkLengthBeyondEnd, 18 },
        { "data byte without running status", SmfBytes.Format0(0x00, 60, 100, 0x90, 60, 100), MidiErrorKind.MissingStatus, 23 },
        { "missing end of track", [.. SmfBytes.Header(0, 1), .. SmfBytes.Chunk("MTrk", s_note)], MidiErrorKind.MissingEndOfTrack, 30 },
        { "garbage after the last chunk", [.. SmfBytes.Format0(s_note), 0x00, 0x01, 0x02], MidiErrorKind.TrailingData, 34 },
        { "events after end of track", [.. SmfBytes.Header(0, 1), .. SmfBytes.Chunk("MTrk", SmfBytes.EndOfTrack, s_note)], MidiErrorKind.DataAfterEndOfTrack, 26 },
        { "track count mismatch", [.. SmfBytes.Header(1, 2), .. SmfBytes.Track(s_note)], MidiErrorKind.TrackCountMismatch, 10 },
        { "undefined status F4", SmfBytes.Format0([0x00, 0xF4, .. s_note]), MidiErrorKind.UndefinedStatus, 23 },
        { "status byte where data belongs", SmfBytes.Format0(0x00, 0x90, 60, 0x90, 0x60, 0x80, 60, 0), MidiErrorKind.InvalidDataByte, 25 },
        { "forged huge meta length", SmfBytes.Format0(0x00, 0xFF, 0x01, 0x8F, 0xFF, 0xFF, 0x7F, 0x41), MidiErrorKind.TruncatedEvent, 25 },
        { "five-byte delta time", SmfBytes.Format0(0x80, 0x80, 0x80, 0x80, 0x00, 0x90, 60, 100), MidiErrorKind.InvalidVariableLength, 22 },
        { "tempo of two bytes", SmfBytes.Format0([0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1, .. s_note]), MidiErrorKind.InvalidMetaEvent, 22 },
        { "channel message cut by the chunk end", [.. SmfBytes.Header(0, 1), .. SmfBytes.Chunk("MTrk", [0x00, 0x90, 60])], MidiErrorKind.TruncatedEvent, 24 },
        { "format 0 with two tracks", [.. SmfBytes.Header(0, 2), .. SmfBytes.Track(s_note), .. SmfBytes.Track(s_note)], MidiErrorKind.InvalidHeader, 8 },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Strict_reading_throws_the_kind_and_offset(string name, byte[] bytes, MidiErrorKind kind, long offset)
    {
        var ex = Assert.Throws<MidiFormatException>(() => MidiFile.Read(bytes));
        Assert.True(ex.Kind == kind && ex.Offset == offset, $"{name}: got {ex.Kind} at {ex.Offset}, expected {kind} at {offset}");
        Assert.Contains(offset.ToString(), ex.Message);

        var fast = Assert.Throws<MidiFormatException>(() => new MidiNoteReader().ReadToList(bytes));
        Assert.Equal((kind, offset), (fast.Kind, fast.Offset));
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Lenient_reading_repairs_and_reports(string name, byte[] bytes, MidiErrorKind kind, long offset)
    {
        if (kind is MidiErrorKind.NotAMidiFile || name == "header too short")
        {
            // Nothing to repair: without a header there is no file.
            Assert.Throws<MidiFormatException>(() => MidiFile.Read(bytes, ReadingSettings.Lenient));
            return;
        }

        var file = MidiFile.Read(bytes, ReadingSettings.Lenient);
        Assert.Contains(file.Repairs, r => r.Kind == kind && r.Offset == offset);
        var reader = new MidiNoteReader(reading: ReadingSettings.Lenient);
        var fast = reader.ReadToList(bytes);
        Assert.Equal(file.GetNotes(), fast);
        Assert.Equal(file.Repairs, reader.Repairs);

        // What the lenient reader made is a well-formed file again.
        var rewritten = MidiFile.Read(file.ToBytes());
        Assert.Empty(rewritten.Repairs);
        Assert.Equal(file.GetNotes(), rewritten.GetNotes());
    }

    [Fact]
    public void Lenient_reading_keeps_the_notes_around_the_damage()
    {
        var bytes = SmfBytes.Format0(0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0, 0x00, 0xF4, 0x00, 0x90, 62, 90, 0x10, 0x80, 62, 0);
        var notes = MidiFile.Read(bytes, ReadingSettings.Lenient).GetNotes();
        Assert.Equal([60, 62], notes.Select(n => (int)n.Pitch));
    }

    [Fact]
    public void Forged_lengths_do_not_drive_allocation()
    {
        byte[] bytes = [.. SmfBytes.Header(1, 0xFFFF), .. "MTrk"u8, 0x7F, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0x7F, 0x41];
        MidiFile.Read(bytes, ReadingSettings.Lenient); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = MidiFile.Read(bytes, ReadingSettings.Lenient);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotEmpty(file.Repairs);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes for a {bytes.Length}-byte file");
    }
}
