namespace MusicGen.Live.Ports.Jack;

/// <summary>
/// Short messages (≤ 3 bytes) handed to a JACK output ahead of their time, kept in time order until their cycle:
/// they arrive in the order the scheduler hands them (its heap order, with "play now" messages in between), which
/// is not time order, and JACK needs each cycle's events in frame order. Equal times keep their arrival order
/// (a note-off handed before a note-on at the same time stays before it).
/// </summary>
/// <remarks>
/// Preallocated, fixed capacity; insertion walks from the end (arrivals are mostly in order). Threading: the JACK
/// process thread only, except <see cref="Count"/> (read by a control thread waiting for the output to drain).
/// </remarks>
internal sealed class JackStagedEvents(int capacity)
{
    private readonly long[] _times = new long[capacity];
    private readonly int[] _messages = new int[capacity]; // length << 24 | byte0 << 16 | byte1 << 8 | byte2
    private int _count;

    public const int MaxLength = 3;

    public int Count => Volatile.Read(ref _count);

    public long TimeAt(int index) => _times[index];

    /// <summary>False when full (the message stays where it was and is tried again next cycle).</summary>
    public bool TryAdd(long time, ReadOnlySpan<byte> message)
    {
        if (_count == _times.Length || message.Length is 0 or > MaxLength)
        {
            return false;
        }

        var at = _count;
        while (at > 0 && _times[at - 1] > time)
        {
            _times[at] = _times[at - 1];
            _messages[at] = _messages[at - 1];
            at--;
        }

        var packed = message.Length << 24;
        for (var i = 0; i < message.Length; i++)
        {
            packed |= message[i] << (8 * (2 - i));
        }

        _times[at] = time;
        _messages[at] = packed;
        Volatile.Write(ref _count, _count + 1);
        return true;
    }

    /// <summary>Copies the message at <paramref name="index"/> into <paramref name="destination"/>; returns its length.</summary>
    public int CopyAt(int index, Span<byte> destination)
    {
        var packed = _messages[index];
        var length = packed >> 24;
        for (var i = 0; i < length; i++)
        {
            destination[i] = (byte)(packed >> (8 * (2 - i)));
        }

        return length;
    }

    /// <summary>Drops the first <paramref name="n"/> (written) messages.</summary>
    public void RemoveFirst(int n)
    {
        if (n == 0)
        {
            return;
        }

        Array.Copy(_times, n, _times, 0, _count - n);
        Array.Copy(_messages, n, _messages, 0, _count - n);
        Volatile.Write(ref _count, _count - n);
    }
}
