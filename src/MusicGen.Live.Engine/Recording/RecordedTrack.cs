using System.Buffers.Binary;
using System.Text;

namespace MusicGen.Live.Engine.Recording;

/// <summary>
/// One track of the session file, kept as the encoded bytes of its MTrk body and only ever appended to: each
/// flush encodes the events that arrived since the last one (delta time, status, data; no running status) into
/// fixed-size blocks, so a flush costs what is new, never a re-encode or re-sort of the whole session, and a long
/// session holds a few small arrays instead of an object per event (no large-object-heap growth, no gen-2 churn).
/// </summary>
/// <remarks>
/// Events reach the recorder from two rings in near time order; a short reorder window (<see cref="Append"/>'s
/// cutoff) puts them in order before they are encoded. An event older than what is already encoded goes at the
/// last encoded tick (counted in <see cref="LateEvents"/>). Threading: the recorder thread only.
/// </remarks>
internal sealed class RecordedTrack
{
    private const int BlockSize = 16 * 1024; // below the large-object heap's threshold
    private readonly List<byte[]> _blocks = [];
    private readonly List<(long Tick, byte Status, byte Data1, byte Data2)> _window = [];
    private readonly byte[] _prologue;
    private int _used = BlockSize;
    private long _lastTick;

    public RecordedTrack(string name, int? tempoMicrosecondsPerQuarter)
    {
        var prologue = new List<byte> { 0x00, 0xFF, 0x03 };
        var text = Encoding.ASCII.GetBytes(name);
        prologue.Add((byte)text.Length);
        prologue.AddRange(text);
        if (tempoMicrosecondsPerQuarter is { } tempo)
        {
            prologue.AddRange([0x00, 0xFF, 0x51, 0x03, (byte)(tempo >> 16), (byte)(tempo >> 8), (byte)tempo]);
        }

        _prologue = [.. prologue];
    }

    /// <summary>Bytes of the MTrk body encoded so far (without the prologue and the end-of-track event).</summary>
    public long EncodedBytes => _blocks.Count == 0 ? 0 : ((_blocks.Count - 1) * (long)BlockSize) + _used;

    /// <summary>Events waiting in the reorder window.</summary>
    public int Waiting => _window.Count;

    /// <summary>Events that arrived after a later one was already encoded (placed at the last encoded tick).</summary>
    public long LateEvents { get; private set; }

    /// <summary>Channel messages only (system messages have no place in a track as they are); others are counted by the caller.</summary>
    public static bool Records(byte status) => status is >= 0x80 and < 0xF0;

    /// <summary>Adds an event to the reorder window, after the events with the same or an earlier tick.</summary>
    public void Add(long tick, byte status, byte data1, byte data2)
    {
        var at = _window.Count;
        while (at > 0 && _window[at - 1].Tick > tick)
        {
            at--;
        }

        _window.Insert(at, (tick, status, data1, data2));
    }

    /// <summary>Encodes every waiting event with a tick at or before <paramref name="cutoff"/> (long.MaxValue: all).</summary>
    public void Append(long cutoff)
    {
        var taken = 0;
        Span<byte> bytes = stackalloc byte[8];
        while (taken < _window.Count && _window[taken].Tick <= cutoff)
        {
            var (tick, status, data1, data2) = _window[taken++];
            if (tick < _lastTick)
            {
                LateEvents++;
                tick = _lastTick;
            }

            var n = VarLen(bytes, tick - _lastTick);
            bytes[n++] = status;
            bytes[n++] = (byte)(data1 & 0x7F);
            if ((status & 0xF0) is not (0xC0 or 0xD0))
            {
                bytes[n++] = (byte)(data2 & 0x7F);
            }

            Write(bytes[..n]);
            _lastTick = tick;
        }

        _window.RemoveRange(0, taken);
    }

    /// <summary>Writes this track's whole MTrk chunk: prologue, every encoded event, end of track.</summary>
    public void WriteChunk(Stream stream)
    {
        ReadOnlySpan<byte> end = [0x00, 0xFF, 0x2F, 0x00];
        Span<byte> header = stackalloc byte[8];
        "MTrk"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], checked((uint)(_prologue.Length + EncodedBytes + end.Length)));
        stream.Write(header);
        stream.Write(_prologue);
        for (var i = 0; i < _blocks.Count; i++)
        {
            stream.Write(_blocks[i], 0, i == _blocks.Count - 1 ? _used : BlockSize);
        }

        stream.Write(end);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (_used == BlockSize)
            {
                _blocks.Add(new byte[BlockSize]);
                _used = 0;
            }

            _blocks[^1][_used++] = b;
        }
    }

    private static int VarLen(Span<byte> destination, long value)
    {
        Span<byte> reversed = stackalloc byte[5];
        value = Math.Min(value, 0x0FFF_FFFF); // four bytes at most (SMF); at 960 ticks a second that is a gap of 77 hours
        var n = 0;
        do
        {
            reversed[n++] = (byte)(value & 0x7F);
            value >>= 7;
        }
        while (value > 0);

        for (var i = 0; i < n; i++)
        {
            destination[i] = (byte)(reversed[n - 1 - i] | (i < n - 1 ? 0x80 : 0));
        }

        return n;
    }
}
