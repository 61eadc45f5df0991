using System.Buffers.Binary;

namespace MusicGen.Live.Midi.Rings;

/// <summary>
/// Lock-free single-producer single-consumer ring of variable-length MIDI messages (a 3-byte note and a
/// 4 KiB SysEx alike) with their timestamps, stored back to back in one byte buffer.
/// </summary>
/// <remarks>
/// Record layout (8-byte aligned): int32 length, int32 reserved, int64 timestamp, then the bytes padded
/// to 8. A record never wraps: when it does not fit before the end, the producer writes a length of -1
/// (skip to start) there. Threading: one producer thread calls <see cref="TryWrite"/>, one consumer thread
/// calls <see cref="TryPeek"/>/<see cref="Advance"/>/<see cref="TryRead"/>; none allocates, locks,
/// blocks or throws on full/empty. The span from <see cref="TryPeek"/> stays valid until <see cref="Advance"/>.
/// </remarks>
public sealed class MidiMessageRing
{
    private const int HeaderSize = 16;
    private const int WrapMarker = -1;

    private readonly byte[] _buffer; // (capacityBytes)
    private readonly long _mask;
    private PaddedCursor _write; // producer-owned byte position (monotonic)
    private PaddedCursor _read;  // consumer-owned byte position (monotonic)
    private long _dropped;

    public MidiMessageRing(int capacityBytes)
    {
        if (capacityBytes < 64 || (capacityBytes & (capacityBytes - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacityBytes), capacityBytes, "MidiMessageRing capacity must be a power of two, at least 64 bytes.");
        }

        _buffer = new byte[capacityBytes];
        _mask = capacityBytes - 1;
    }

    public int CapacityBytes => _buffer.Length;

    /// <summary>Longest message that fits at all (half the buffer, so a record never waits on a wrap forever).</summary>
    public int MaxMessageLength => (_buffer.Length / 2) - HeaderSize;

    /// <summary>Messages refused: ring full, or longer than <see cref="MaxMessageLength"/>.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>True when nothing is waiting (any thread; approximate while it moves).</summary>
    public bool IsEmpty => Volatile.Read(ref _write.Value) == Volatile.Read(ref _read.Value);

    /// <summary>Producer only. False (counted as dropped) when it does not fit now.</summary>
    public bool TryWrite(ReadOnlySpan<byte> message, long timestamp)
    {
        if (message.Length > MaxMessageLength)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        var size = RecordSize(message.Length);
        var w = _write.Value;
        var offset = (int)(w & _mask);
        var tail = _buffer.Length - offset; // bytes before the end of the buffer
        var needed = size <= tail ? size : tail + size; // a wrap wastes the tail
        if (!HasRoom(w, needed))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        if (size > tail)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(offset), WrapMarker);
            w += tail;
            offset = 0;
        }

        var record = _buffer.AsSpan(offset, size);
        BinaryPrimitives.WriteInt32LittleEndian(record, message.Length);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], timestamp);
        message.CopyTo(record[HeaderSize..]);
        Volatile.Write(ref _write.Value, w + size); // release: record bytes before the cursor
        return true;
    }

    /// <summary>Consumer only. The oldest message without taking it; false when empty.</summary>
    public bool TryPeek(out ReadOnlySpan<byte> message, out long timestamp)
    {
        var r = _read.Value;
        if (r == _read.Cached)
        {
            _read.Cached = Volatile.Read(ref _write.Value);
            if (r == _read.Cached)
            {
                message = default;
                timestamp = 0;
                return false;
            }
        }

        var offset = (int)(r & _mask);
        var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(offset));
        if (length == WrapMarker)
        {
            r += _buffer.Length - offset;
            Volatile.Write(ref _read.Value, r); // hand the wasted tail back to the producer now
            offset = 0;
            length = BinaryPrimitives.ReadInt32LittleEndian(_buffer);
        }

        timestamp = BinaryPrimitives.ReadInt64LittleEndian(_buffer.AsSpan(offset + 8));
        message = _buffer.AsSpan(offset + HeaderSize, length);
        return true;
    }

    /// <summary>Consumer only. Takes the message last returned by <see cref="TryPeek"/>.</summary>
    public void Advance()
    {
        var r = _read.Value;
        var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan((int)(r & _mask)));
        Volatile.Write(ref _read.Value, r + RecordSize(length));
    }

    /// <summary>Consumer only. Copies the oldest message out and takes it. False when empty or when
    /// <paramref name="destination"/> is too short (then nothing is taken and <paramref name="length"/> says how much is needed).</summary>
    public bool TryRead(Span<byte> destination, out int length, out long timestamp)
    {
        if (!TryPeek(out var message, out timestamp))
        {
            length = 0;
            return false;
        }

        length = message.Length;
        if (message.Length > destination.Length)
        {
            return false;
        }

        message.CopyTo(destination);
        Advance();
        return true;
    }

    private static int RecordSize(int length) => HeaderSize + ((length + 7) & ~7);

    private bool HasRoom(long w, int needed)
    {
        if (w + needed - _write.Cached <= _buffer.Length)
        {
            return true;
        }

        _write.Cached = Volatile.Read(ref _read.Value); // acquire: the consumer is done with those bytes
        return w + needed - _write.Cached <= _buffer.Length;
    }
}
