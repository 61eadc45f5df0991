using MusicGen.Live.Midi;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The sustain pedal (CC64 ≥ 64, any track and channel) of a file as sorted (seconds, down) changes, asked
/// "is it down at t?". One type for both the training features and <c>humanize</c>, so the two see the same
/// pedal.
/// </summary>
public sealed class SustainTimeline
{
    private readonly List<(double Seconds, bool Down)> _changes;

    private SustainTimeline(List<(double Seconds, bool Down)> changes) => _changes = changes;

    public static SustainTimeline FromFile(MidiFile file, TempoMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        map ??= file.GetTempoMap();
        var changes = new List<(double Seconds, bool Down)>();
        foreach (var track in file.Tracks)
        {
            foreach (var e in track.Events)
            {
                if (e.Command == 0xB0 && e.Data1 == 64)
                {
                    changes.Add((map.ToSeconds(e.Tick), e.Data2 >= 64));
                }
            }
        }

        changes.Sort((a, b) => a.Seconds.CompareTo(b.Seconds));
        return new SustainTimeline(changes);
    }

    /// <summary>Pedal state at <paramref name="seconds"/>: the last change at or before it (binary search).</summary>
    public bool IsDownAt(double seconds)
    {
        int lo = 0, hi = _changes.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (_changes[mid].Seconds <= seconds)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && _changes[found].Down;
    }
}
