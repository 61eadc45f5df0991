using System.Runtime.InteropServices;

namespace MusicGen.Live.Midi;

/// <summary>
/// Lengthens notes released under the sustain pedal (CC64), following the rule documented on
/// <see cref="NoteSettings.ExtendBySustain"/>. Works in ticks; seconds are computed afterwards.
/// </summary>
internal static class SustainPedal
{
    public static void Extend(Span<WorkNote> notes, List<PedalEvent> pedals, int threshold, bool perTrack, long lastTick)
    {
        // Pedal intervals [down, up) per scope (channel, or track and channel in format 2).
        var ordered = pedals.OrderBy(p => Scope(p.Track, p.Channel, perTrack)).ThenBy(p => p.Tick).ThenBy(p => p.Order).ToList();
        var intervals = new Dictionary<int, List<(long Down, long Up)>>();
        for (var i = 0; i < ordered.Count;)
        {
            var scope = Scope(ordered[i].Track, ordered[i].Channel, perTrack);
            var list = new List<(long, long)>();
            var down = -1L;
            for (; i < ordered.Count && Scope(ordered[i].Track, ordered[i].Channel, perTrack) == scope; i++)
            {
                var p = ordered[i];
                if (p.Value >= threshold && down < 0)
                {
                    down = p.Tick;
                }
                else if (p.Value < threshold && down >= 0)
                {
                    list.Add((down, p.Tick));
                    down = -1;
                }
            }

            if (down >= 0)
            {
                list.Add((down, Math.Max(lastTick, down)));
            }

            intervals[scope] = list;
        }

        // Notes of one scope and pitch in onset order, to find the next strike of the same key.
        var byKey = Enumerable.Range(0, notes.Length).ToArray();
        var keys = new long[notes.Length];
        for (var i = 0; i < notes.Length; i++)
        {
            keys[i] = (long)Scope(notes[i].Track, notes[i].Channel, perTrack) << 7 | notes[i].Pitch;
        }

        var onTicks = new long[notes.Length];
        for (var i = 0; i < notes.Length; i++)
        {
            onTicks[i] = notes[i].OnTick;
        }

        Array.Sort(byKey, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : onTicks[a] != onTicks[b] ? onTicks[a].CompareTo(onTicks[b]) : a.CompareTo(b));
        var newOff = new long[notes.Length];
        for (var k = 0; k < byKey.Length; k++)
        {
            var i = byKey[k];
            var note = notes[i];
            newOff[i] = note.OffTick;
            if (!intervals.TryGetValue(Scope(note.Track, note.Channel, perTrack), out var list))
            {
                continue;
            }

            var up = UpAfter(CollectionsMarshal.AsSpan(list), note.OffTick);
            if (up < 0)
            {
                continue;
            }

            for (var j = k + 1; j < byKey.Length && keys[byKey[j]] == keys[i]; j++)
            {
                if (onTicks[byKey[j]] >= note.OffTick)
                {
                    up = Math.Min(up, onTicks[byKey[j]]);
                    break;
                }
            }

            newOff[i] = Math.Max(note.OffTick, up);
        }

        for (var i = 0; i < notes.Length; i++)
        {
            notes[i].OffTick = newOff[i];
        }
    }

    // The pedal-up tick of the interval holding tick (down <= tick < up), or -1 when the pedal is up then.
    private static long UpAfter(ReadOnlySpan<(long Down, long Up)> intervals, long tick)
    {
        int lo = 0, hi = intervals.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (intervals[mid].Down <= tick)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && tick < intervals[found].Up ? intervals[found].Up : -1;
    }

    private static int Scope(int track, int channel, bool perTrack) => perTrack ? track << 4 | channel : channel;
}
