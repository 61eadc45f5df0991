using MusicGen.Live.Midi;

namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// Converts between MIDI files and phrase events. Reading: notes as played on the keys (pedal not applied to
/// their durations) and CC64 transitions as pedal events (value ≥ 64 is down; repeats of the same state are
/// dropped), merged in time order (at one instant: pedal up, then notes from low to high pitch, then pedal down); the first event's shift
/// is its time from the start of the file, so <see cref="Onsets"/> gives file times. Writing: a new track
/// of note-on/off and CC64 events. Stateless; any thread.
/// </summary>
public static class PhraseMidi
{
    private const int SustainController = 64;

    /// <summary>The events of <paramref name="file"/>, optionally only of the tracks <paramref name="includeTrack"/> accepts.</summary>
    public static List<PhraseEvent> ReadEvents(MidiFile file, Func<int, bool>? includeTrack = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var timed = new List<(double Time, int Order, PhraseEvent Event)>();
        foreach (var n in file.GetNotes())
        {
            if (includeTrack is null || includeTrack(n.Track))
            {
                timed.Add((n.OnsetSeconds, 1, PhraseEvent.Note(0, n.Pitch, Math.Max(0, n.DurationSeconds), n.Velocity)));
            }
        }

        var tempo = file.GetTempoMap();
        var pedal = new List<(long Tick, int Value)>();
        for (var t = 0; t < file.Tracks.Count; t++)
        {
            if (includeTrack is not null && !includeTrack(t))
            {
                continue;
            }

            foreach (var e in file.Tracks[t].Events)
            {
                if (e.Command == 0xB0 && e.Data1 == SustainController)
                {
                    pedal.Add((e.Tick, e.Data2));
                }
            }
        }

        var down = false;
        foreach (var (tick, value) in pedal.OrderBy(p => p.Tick))
        {
            var isDown = value >= 64;
            if (isDown != down)
            {
                down = isDown;
                timed.Add((tempo.ToSeconds(tick), isDown ? 2 : 0, PhraseEvent.Pedal(0, isDown)));
            }
        }

        // Notes at one instant go low pitch first (List.Sort is unstable: without a key their order would be arbitrary,
        // and the live engine, which sees a chord's keys in any order, feeds them in this one).
        timed.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time)
            : a.Order != b.Order ? a.Order.CompareTo(b.Order)
            : a.Event.Pitch != b.Event.Pitch ? a.Event.Pitch.CompareTo(b.Event.Pitch)
            : a.Event.Duration.CompareTo(b.Event.Duration));
        var events = new List<PhraseEvent>(timed.Count);
        var previous = 0.0; // the first event's shift is its time from the start of the file
        foreach (var (time, _, e) in timed)
        {
            events.Add(e with { TimeShift = time - previous });
            previous = time;
        }

        return events;
    }

    /// <summary>Absolute onset (seconds) of each event, the first at <paramref name="start"/> + its shift.</summary>
    public static double[] Onsets(ReadOnlySpan<PhraseEvent> events, double start = 0)
    {
        var onsets = new double[events.Length];
        var t = start;
        for (var i = 0; i < events.Length; i++)
        {
            t += events[i].TimeShift;
            onsets[i] = t;
        }

        return onsets;
    }

    /// <summary>
    /// Appends a track (channel 0) playing <paramref name="events"/>, the first one <paramref name="startSeconds"/>
    /// + its shift into the file, placed with the file's tempo map. A pedal left down is released at the end.
    /// </summary>
    public static MidiTrack AddTrack(MidiFile file, ReadOnlySpan<PhraseEvent> events, double startSeconds, string name)
    {
        ArgumentNullException.ThrowIfNull(file);
        var tempo = file.GetTempoMap();
        var onsets = Onsets(events, startSeconds);
        var ordered = new List<(MidiEvent Event, int Order)>();
        var down = false;
        var end = 0L;
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            var tick = (long)Math.Round(tempo.ToTicks(onsets[i]));
            end = Math.Max(end, tick);
            if (e.Kind == PhraseEventKind.Note)
            {
                var off = Math.Max(tick + 1, (long)Math.Round(tempo.ToTicks(onsets[i] + e.Duration)));
                ordered.Add((MidiEvent.NoteOn(tick, 0, e.Pitch, Math.Clamp(e.Velocity, 1, 127)), 1));
                ordered.Add((MidiEvent.NoteOff(off, 0, e.Pitch), 0));
                end = Math.Max(end, off);
            }
            else
            {
                down = e.Kind == PhraseEventKind.PedalDown;
                ordered.Add((MidiEvent.ControlChange(tick, 0, SustainController, down ? 127 : 0), down ? 2 : 0));
            }
        }

        if (down)
        {
            ordered.Add((MidiEvent.ControlChange(end, 0, SustainController, 0), 3));
        }

        var track = new MidiTrack([MidiEvent.MetaText(0, MetaEventType.TrackName, name)], end);
        track.Events.AddRange(ordered.OrderBy(x => x.Event.Tick).ThenBy(x => x.Order).Select(x => x.Event));
        file.Tracks.Add(track);
        if (file.Format == 0)
        {
            file.Format = 1;
        }

        return track;
    }
}
