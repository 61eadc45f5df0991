using System.Buffers.Binary;

namespace MusicGen.Live.Midi.Tests;

/// <summary>Builds Standard MIDI File bytes by hand for byte-level tests.</summary>
internal static class SmfBytes
{
    public static readonly byte[] EndOfTrack = [0x00, 0xFF, 0x2F, 0x00];

    public static byte[] Header(int format, int tracks, int division = 480)
    {
        var h = new byte[14];
        "MThd"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4), 6);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(8), (ushort)format);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(10), (ushort)tracks);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(12), (ushort)division);
        return h;
    }

    public static byte[] Chunk(string id, params byte[][] parts)
    {
        var body = parts.SelectMany(p => p).ToArray();
        var c = new byte[8 + body.Length];
        System.Text.Encoding.ASCII.GetBytes(id).CopyTo(c, 0);
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(4), (uint)body.Length);
        body.CopyTo(c, 8);
        return c;
    }

    /// <summary>An MTrk chunk of the given event bytes followed by an end-of-track event.</summary>
    public static byte[] Track(params byte[] events) => Chunk("MTrk", events, EndOfTrack);

    public static byte[] File(int format, int division, params byte[][] tracks) =>
        [.. Header(format, tracks.Length, division), .. tracks.SelectMany(t => t)];

    /// <summary>A format 0 file at 480 PPQ with one track of these event bytes (end-of-track added).</summary>
    public static byte[] Format0(params byte[] events) => File(0, 480, Track(events));
}
