namespace MusicGen.Live.Midi.Rings;

/// <summary>
/// Lock-free single-producer single-consumer ring of fixed-size items: the time-critical hop between a
/// port callback and the engine thread, and between the engine and its generation worker. It lives in the
/// foundation layer so Ports and Engine share one implementation.
/// </summary>
/// <remarks>
/// Threading: exactly one thread calls <see cref="TryWrite"/> and exactly one (other) thread calls
/// <see cref="TryRead"/> / <see cref="TryPeek"/>; either may be a real-time thread. Neither call
/// allocates, locks, blocks or throws. <see cref="Count"/>, <see cref="Dropped"/> are safe to read from
/// any thread (approximate while the ring moves). Capacity is a power of two so the slot index is a mask.
/// </remarks>
public sealed class SpscRing<T>
{
    private readonly T[] _items; // (capacity)
    private readonly long _mask;
    private PaddedCursor _write; // producer-owned: Value = next slot to write, Cached = last seen read cursor
    private PaddedCursor _read;  // consumer-owned: Value = next slot to read, Cached = last seen write cursor
    private long _dropped;

    public SpscRing(int capacity)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "SpscRing capacity must be a power of two, at least 2.");
        }

        _items = new T[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _items.Length;

    /// <summary>Items written but not yet read.</summary>
    public int Count => (int)(Volatile.Read(ref _write.Value) - Volatile.Read(ref _read.Value));

    /// <summary>Writes refused because the ring was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Producer only. False (and counted as dropped) when full.</summary>
    public bool TryWrite(in T item)
    {
        var w = _write.Value;
        if (w - _write.Cached >= _items.Length)
        {
            _write.Cached = Volatile.Read(ref _read.Value);
            if (w - _write.Cached >= _items.Length)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }
        }

        _items[w & _mask] = item;
        Volatile.Write(ref _write.Value, w + 1); // release: the item is visible before the cursor
        return true;
    }

    /// <summary>
    /// Producer only. Writes both items or neither (a note-on and its note-off must never be split by a full
    /// ring: the off alone lost would leave the note sounding). False (both counted as dropped) when fewer than
    /// two slots are free. The consumer sees the pair at once: one cursor release covers both.
    /// </summary>
    public bool TryWritePair(in T first, in T second)
    {
        var w = _write.Value;
        if (w + 1 - _write.Cached >= _items.Length)
        {
            _write.Cached = Volatile.Read(ref _read.Value);
            if (w + 1 - _write.Cached >= _items.Length)
            {
                Interlocked.Add(ref _dropped, 2);
                return false;
            }
        }

        _items[w & _mask] = first;
        _items[(w + 1) & _mask] = second;
        Volatile.Write(ref _write.Value, w + 2); // release: both items are visible before the cursor
        return true;
    }

    /// <summary>Consumer only. False when empty.</summary>
    public bool TryRead(out T item)
    {
        if (!TryPeek(out item))
        {
            return false;
        }

        var r = _read.Value;
        _items[r & _mask] = default!; // let the GC go of references the ring no longer owns
        Volatile.Write(ref _read.Value, r + 1);
        return true;
    }

    /// <summary>Consumer only. Reads the oldest item without taking it. False when empty.</summary>
    public bool TryPeek(out T item)
    {
        var r = _read.Value;
        if (r == _read.Cached)
        {
            _read.Cached = Volatile.Read(ref _write.Value); // acquire: pairs with the producer's release
            if (r == _read.Cached)
            {
                item = default!;
                return false;
            }
        }

        item = _items[r & _mask];
        return true;
    }
}
