using System.Buffers.Binary;

namespace MusicGen.Live.Midi.Smf;

/// <summary>
/// Reads the <c>MThd</c> chunk and finds the <c>MTrk</c> chunks, skipping unknown chunks. Never allocates by a
/// declared size: lengths are checked against the bytes that are really there.
/// </summary>
internal readonly record struct SmfHeader(int Format, int DeclaredTracks, MidiDivision Division)
{
    public static SmfHeader Parse(ReadOnlySpan<byte> file, List<TrackChunk> chunks, List<MidiRepair>? repairs)
    {
        chunks.Clear();
        if (file.Length < 8 || !file[..4].SequenceEqual("MThd"u8))
        {
            throw new MidiFormatException(MidiErrorKind.NotAMidiFile, 0, "the file does not start with an MThd chunk");
        }

        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(file[4..]);
        if (headerLength < 6 || file.Length - 8 < 6)
        {
            throw new MidiFormatException(MidiErrorKind.InvalidHeader, 4, $"header chunk holds {Math.Min(headerLength, (uint)file.Length - 8)} bytes, 6 are needed");
        }

        if (headerLength > (uint)(file.Length - 8))
        {
            RepairLog.Report(repairs, MidiErrorKind.ChunkLengthBeyondEnd, 4, $"header chunk declares {headerLength} bytes but {file.Length - 8} remain", "read the 6 header bytes and stopped");
            headerLength = 6;
        }

        int format = BinaryPrimitives.ReadUInt16BigEndian(file[8..]);
        int declared = BinaryPrimitives.ReadUInt16BigEndian(file[10..]);
        var rawDivision = BinaryPrimitives.ReadUInt16BigEndian(file[12..]);
        if (format > 2)
        {
            RepairLog.Report(repairs, MidiErrorKind.InvalidHeader, 8, $"format {format} is not 0, 1 or 2", "read as format 1");
            format = 1;
        }

        if (!MidiDivision.TryFromRaw(rawDivision, out var division))
        {
            RepairLog.Report(repairs, MidiErrorKind.InvalidHeader, 12, $"division 0x{rawDivision:X4} is not a valid PPQ or SMPTE value", "used 480 ticks per quarter note");
            division = MidiDivision.FromTicksPerQuarterNote(480);
        }

        var pos = 8 + (int)headerLength;
        while (pos < file.Length)
        {
            var remaining = file.Length - pos;
            if (remaining < 8 || !IsChunkId(file.Slice(pos, 4)))
            {
                RepairLog.Report(repairs, MidiErrorKind.TrailingData, pos, $"{remaining} bytes after the last chunk do not form a chunk", "ignored them");
                break;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(file[(pos + 4)..]);
            var bodyStart = pos + 8;
            var bodyEnd = length <= (uint)(file.Length - bodyStart) ? bodyStart + (int)length : -1;
            if (bodyEnd < 0)
            {
                RepairLog.Report(repairs, MidiErrorKind.ChunkLengthBeyondEnd, pos + 4, $"chunk declares {length} bytes but {file.Length - bodyStart} remain", "read what is there");
                bodyEnd = file.Length;
            }

            if (file.Slice(pos, 4).SequenceEqual("MTrk"u8))
            {
                chunks.Add(new TrackChunk(bodyStart, bodyEnd));
            }

            pos = bodyEnd;
        }

        if (chunks.Count != declared)
        {
            RepairLog.Report(repairs, MidiErrorKind.TrackCountMismatch, 10, $"header declares {declared} tracks, the file holds {chunks.Count}", "read the tracks that are there");
        }

        if (format == 0 && chunks.Count > 1)
        {
            RepairLog.Report(repairs, MidiErrorKind.InvalidHeader, 8, $"format 0 with {chunks.Count} tracks", "read as format 1");
            format = 1;
        }

        return new SmfHeader(format, declared, division);
    }

    // Chunk ids are four printable ASCII characters; anything else is garbage, not an unknown chunk to skip.
    private static bool IsChunkId(ReadOnlySpan<byte> id)
    {
        foreach (var b in id)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }
}
