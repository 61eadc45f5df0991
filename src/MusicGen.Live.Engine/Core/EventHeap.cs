using MusicGen.Live.Engine.Events;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// The scheduler's pending events, earliest first: a binary min-heap over a fixed array. Ties go to note-offs
/// first (so a re-struck key ends before it starts again), then arrival order.
/// </summary>
/// <remarks>Threading: output scheduler thread only. Never allocates after construction; full → false.</remarks>
public sealed class EventHeap
{
    private readonly EngineEvent[] _items;
    private readonly long[] _order; // (capacity) tie-break sequence per slot
    private long _sequence;
    private int _count;

    public EventHeap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new EngineEvent[capacity];
        _order = new long[capacity];
    }

    public int Count => _count;

    public bool TryPush(in EngineEvent item)
    {
        if (_count == _items.Length)
        {
            return false;
        }

        var i = _count++;
        _items[i] = item;
        _order[i] = _sequence++;
        SiftUp(i);
        return true;
    }

    public ref readonly EngineEvent Peek() => ref _items[0];

    public EngineEvent Pop()
    {
        var top = _items[0];
        _count--;
        if (_count > 0)
        {
            _items[0] = _items[_count];
            _order[0] = _order[_count];
            SiftDown(0);
        }

        return top;
    }

    /// <summary>Removes every event <paramref name="match"/> accepts (in place, then re-heapifies); returns how many.</summary>
    public int RemoveAll<TState>(Func<EngineEvent, TState, bool> match, TState state)
    {
        ArgumentNullException.ThrowIfNull(match);
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (!match(_items[i], state))
            {
                _items[kept] = _items[i];
                _order[kept] = _order[i];
                kept++;
            }
        }

        var removed = _count - kept;
        _count = kept;
        for (var i = (_count / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }

        return removed;
    }

    public void Clear() => _count = 0;

    private bool Less(int a, int b)
    {
        ref readonly var x = ref _items[a];
        ref readonly var y = ref _items[b];
        if (x.Time != y.Time)
        {
            return x.Time < y.Time;
        }

        if (x.IsNoteOff != y.IsNoteOff)
        {
            return x.IsNoteOff;
        }

        return _order[a] < _order[b];
    }

    private void Swap(int a, int b)
    {
        (_items[a], _items[b]) = (_items[b], _items[a]);
        (_order[a], _order[b]) = (_order[b], _order[a]);
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Less(i, parent))
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= _count)
            {
                return;
            }

            var smallest = left + 1 < _count && Less(left + 1, left) ? left + 1 : left;
            if (!Less(smallest, i))
            {
                return;
            }

            Swap(i, smallest);
            i = smallest;
        }
    }
}
