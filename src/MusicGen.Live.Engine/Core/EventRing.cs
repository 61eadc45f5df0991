using MusicGen.Live.Engine.Events;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// Lock-free single-producer single-consumer ring of <see cref="EngineEvent"/> values: the time-critical hops
/// (input callback → engine thread → scheduler, and both → recorder). Power-of-two capacity, cursors on
/// separate cache lines, false on full (counted in <see cref="Dropped"/>) or empty.
/// </summary>
/// <remarks>
/// Threading: exactly one thread calls <see cref="TryWrite"/> and exactly one other calls <see cref="TryRead"/>.
/// Neither allocates, locks, blocks or throws. The engine owns its own ring (rather than the Ports ring)
/// because the Engine layer sees ports only through the Midi interfaces, and its slots are typed events.
/// </remarks>
public sealed class EventRing
{
    private readonly EngineEvent[] _slots;
    private readonly int _mask;
    private PaddedCursor _head; // next slot to read; written by the consumer only
    private PaddedCursor _tail; // next slot to write; written by the producer only
    private long _dropped;

    public EventRing(int capacity)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "ring capacity must be a power of two ≥ 2");
        }

        _slots = new EngineEvent[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _slots.Length;

    /// <summary>Events refused because the ring was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events waiting (approximate when read from a third thread).</summary>
    public int Count => (int)(Volatile.Read(ref _tail.Value) - Volatile.Read(ref _head.Value));

    /// <summary>Producer: appends one event; false (and counted) when full.</summary>
    public bool TryWrite(in EngineEvent item)
    {
        var tail = _tail.Value;
        if (tail - Volatile.Read(ref _head.Value) >= _slots.Length)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        _slots[tail & _mask] = item;
        Volatile.Write(ref _tail.Value, tail + 1); // publish the slot after it is written
        return true;
    }

    /// <summary>Consumer: takes the oldest event; false when empty.</summary>
    public bool TryRead(out EngineEvent item)
    {
        var head = _head.Value;
        if (head == Volatile.Read(ref _tail.Value))
        {
            item = default;
            return false;
        }

        item = _slots[head & _mask];
        Volatile.Write(ref _head.Value, head + 1); // release the slot after it is read
        return true;
    }
}
