namespace MusicGen.Live.Midi.Smf;

/// <summary>Builds a <see cref="MidiFile"/> from bytes; payloads of meta/SysEx events point into <c>bytes</c> (no copy).</summary>
internal static class SmfReader
{
    public static MidiFile Read(byte[] bytes, ReadingSettings settings)
    {
        var repairs = settings.Policy == InvalidInputPolicy.Lenient ? new List<MidiRepair>() : null;
        var chunks = new List<TrackChunk>();
        var header = SmfHeader.Parse(bytes, chunks, repairs);
        var file = new MidiFile(header.Format, header.Division);
        foreach (var chunk in chunks)
        {
            // Capacity from the chunk's real size (a channel event takes at least 2 bytes), never from a declared one.
            var track = new MidiTrack();
            track.Events.Capacity = Math.Min((chunk.End - chunk.Start) / 3, 1 << 20);
            var tokens = new SmfTrackTokenizer(bytes, chunk, repairs);
            while (tokens.Next(out var t))
            {
                if (t.Status == 0xFF && t.Data1 == MetaEventType.Tempo && t.PayloadLength != 3)
                {
                    RepairLog.Report(repairs, MidiErrorKind.InvalidMetaEvent, t.Offset, $"tempo event with {t.PayloadLength} bytes instead of 3", "dropped it");
                    continue;
                }

                var payload = t.Status >= 0xF0 && t.Status is 0xF0 or 0xF7 or 0xFF
                    ? bytes.AsMemory(t.PayloadStart, t.PayloadLength)
                    : ReadOnlyMemory<byte>.Empty;
                track.Events.Add(new MidiEvent(t.Tick, t.Status, t.Data1, t.Data2, payload));
            }

            track.EndTick = tokens.EndTick;
            file.Tracks.Add(track);
        }

        file.SetRepairs(repairs);
        return file;
    }
}
