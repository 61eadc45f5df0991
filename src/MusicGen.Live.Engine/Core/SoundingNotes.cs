namespace MusicGen.Live.Engine.Core;

/// <summary>
/// Every note that left the engine and has not been ended yet: key (channel × 128 + pitch) and when it started.
/// A dense list plus a key → slot map, so add, remove and "oldest" are cheap and nothing is allocated after construction.
/// A note whose note-off the output refused stays here, marked owed, until an off goes through: the tracker never
/// forgets a note that may still sound.
/// </summary>
/// <remarks>Threading: owned by the output scheduler thread; counts may be read by others for display.</remarks>
public sealed class SoundingNotes
{
    public const int KeyCount = 16 * 128;

    private readonly int[] _slotOf = new int[KeyCount]; // (key) → index in _keys, or -1
    private readonly int[] _keys = new int[KeyCount];   // (count) dense list of sounding keys
    private readonly long[] _onsets = new long[KeyCount]; // (count) start time of each, MidiClock ticks
    private readonly int[] _perChannel = new int[16];
    private readonly bool[] _owed = new bool[KeyCount]; // (key) its note-off was refused: retry
    private int _count;
    private int _owedCount;

    public SoundingNotes() => Array.Fill(_slotOf, -1);

    public int Count => Volatile.Read(ref _count);

    public int CountOnChannel(int channel) => _perChannel[channel];

    /// <summary>Sounding notes whose note-off the output refused (still sounding as far as anyone knows).</summary>
    public int OwedCount => _owedCount;

    public bool IsOwed(int key) => _owed[key];

    /// <summary>A note-off for <paramref name="key"/> (sounding) was refused: it stays, to be retried.</summary>
    public void MarkOwed(int key)
    {
        if (_slotOf[key] >= 0 && !_owed[key])
        {
            _owed[key] = true;
            _owedCount++;
        }
    }

    public bool Contains(int key) => _slotOf[key] >= 0;

    /// <summary>Key at dense position <paramref name="index"/> (0 ≤ index &lt; Count).</summary>
    public int KeyAt(int index) => _keys[index];

    public long OnsetAt(int index) => _onsets[index];

    /// <summary>Start time of <paramref name="key"/>, or long.MinValue when it is not sounding.</summary>
    public long OnsetOf(int key) => _slotOf[key] >= 0 ? _onsets[_slotOf[key]] : long.MinValue;

    /// <summary>Marks <paramref name="key"/> sounding; false if it already was.</summary>
    public bool Add(int key, long onset)
    {
        if (_slotOf[key] >= 0)
        {
            return false;
        }

        _slotOf[key] = _count;
        _keys[_count] = key;
        _onsets[_count] = onset;
        _perChannel[key >> 7]++;
        Volatile.Write(ref _count, _count + 1);
        return true;
    }

    /// <summary>Marks <paramref name="key"/> ended; false if it was not sounding.</summary>
    public bool Remove(int key)
    {
        var slot = _slotOf[key];
        if (slot < 0)
        {
            return false;
        }

        var last = _count - 1;
        var moved = _keys[last];
        _keys[slot] = moved;
        _onsets[slot] = _onsets[last];
        _slotOf[moved] = slot;
        _slotOf[key] = -1;
        _perChannel[key >> 7]--;
        if (_owed[key])
        {
            _owed[key] = false;
            _owedCount--;
        }

        Volatile.Write(ref _count, last);
        return true;
    }

    /// <summary>Dense index of the longest-sounding note (on <paramref name="channel"/>, or any when -1); -1 if none.</summary>
    public int Oldest(int channel = -1)
    {
        var best = -1;
        for (var i = 0; i < _count; i++)
        {
            if ((channel < 0 || (_keys[i] >> 7) == channel) && (best < 0 || _onsets[i] < _onsets[best]))
            {
                best = i;
            }
        }

        return best;
    }
}
