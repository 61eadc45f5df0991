using System.Buffers.Binary;

namespace MusicGen.Live.Midi.Smf;

/// <summary>
/// Writes a <see cref="MidiFile"/> as a Standard MIDI File: MThd, one MTrk per track, running status for channel
/// messages (cancelled after meta/SysEx, as SMF 1.0 requires), and an end-of-track event on every track.
/// </summary>
internal static class SmfWriter
{
    public static void Write(MidiFile file, Stream stream)
    {
        if (file.Format == 0 && file.Tracks.Count != 1)
        {
            throw new InvalidOperationException($"a format 0 file holds exactly one track, this one has {file.Tracks.Count}");
        }

        Span<byte> header = stackalloc byte[14];
        "MThd"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], 6);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], (ushort)file.Format);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], checked((ushort)file.Tracks.Count));
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], file.Division.Raw);
        stream.Write(header);

        var body = new MemoryStream();
        Span<byte> chunk = stackalloc byte[8];
        for (var t = 0; t < file.Tracks.Count; t++)
        {
            body.SetLength(0);
            WriteTrack(file.Tracks[t], t, body);
            "MTrk"u8.CopyTo(chunk);
            BinaryPrimitives.WriteUInt32BigEndian(chunk[4..], checked((uint)body.Length));
            stream.Write(chunk);
            stream.Write(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
    }

    private static void WriteTrack(MidiTrack track, int index, MemoryStream body)
    {
        long tick = 0;
        byte running = 0;
        foreach (var e in track.Events)
        {
            if (e.Tick < tick)
            {
                throw new InvalidOperationException($"track {index}: event at tick {e.Tick} comes after tick {tick}; events must be in time order");
            }

            WriteVarLen(body, e.Tick - tick);
            tick = e.Tick;
            if (e.IsChannelMessage)
            {
                if (e.Status != running)
                {
                    body.WriteByte(e.Status);
                    running = e.Status;
                }

                body.WriteByte((byte)(e.Data1 & 0x7F));
                if ((e.Status & 0xE0) != 0xC0)
                {
                    body.WriteByte((byte)(e.Data2 & 0x7F));
                }

                continue;
            }

            running = 0;
            body.WriteByte(e.Status);
            if (e.IsMeta)
            {
                body.WriteByte(e.Data1);
            }

            if (e.IsMeta || e.IsSystemExclusive)
            {
                WriteVarLen(body, e.Data.Length);
                body.Write(e.Data.Span);
            }
            else
            {
                var length = e.Status switch { 0xF2 => 2, 0xF1 or 0xF3 => 1, _ => 0 };
                if (length > 0)
                {
                    body.WriteByte(e.Data1);
                }

                if (length > 1)
                {
                    body.WriteByte(e.Data2);
                }
            }
        }

        WriteVarLen(body, Math.Max(0, track.EndTick - tick));
        body.Write([0xFF, MetaEventType.EndOfTrack, 0x00]);
    }

    private static void WriteVarLen(Stream stream, long value)
    {
        if (value is < 0 or > 0x0FFFFFFF)
        {
            throw new InvalidOperationException($"delta time or length {value} does not fit a 4-byte variable-length number");
        }

        Span<byte> buffer = stackalloc byte[4];
        var i = 3;
        buffer[i] = (byte)(value & 0x7F);
        while ((value >>= 7) > 0)
        {
            buffer[--i] = (byte)(0x80 | (value & 0x7F));
        }

        stream.Write(buffer[i..]);
    }
}
