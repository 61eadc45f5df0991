using MusicGen.Live.Midi;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// Gives the notes of a MIDI file StyleNet velocities, in place: only the velocity byte of note-on events
/// changes; every other event, the event order, ticks and tracks stay exactly as they were. All tracks are
/// merged into one note stream in onset order (as the model was trained); drum notes (channel 10) are left
/// alone. With input dynamics on (see <see cref="InputDynamicsMode"/>) each note also carries its own velocity, so a
/// model that reads them performs the file's programmed dynamics (a crescendo stays one) instead of replacing them.
/// Not thread-safe per file; separate files may run in parallel with one model.
/// </summary>
public static class MidiHumanizer
{
    /// <summary>A model: velocities (1–127) for the onset-ordered notes, given the 1/16-note length in seconds (for the article model).</summary>
    public delegate void VelocityModel(ReadOnlySpan<StyleNetNote> notes, double sixteenthSeconds, Span<float> velocities);

    /// <summary>Humanizes <paramref name="file"/> in place; returns how many note velocities changed.</summary>
    public static int Apply(MidiFile file, VelocityModel model, MidiHumanizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var map = file.GetTempoMap();
        var tpq = file.Division.TicksPerQuarterNote;
        var beats = options.UseBeats && tpq > 0;
        var barQuarters = BarQuarters(file);
        var pedal = SustainTimeline.FromFile(file, map);

        // Note-ons in file order per track; GetNotes gives each track's notes in the same order.
        var notes = file.GetNotes();
        var ons = new List<(int Track, int Index)>(notes.Count);
        for (var t = 0; t < file.Tracks.Count; t++)
        {
            var events = file.Tracks[t].Events;
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].IsNoteOn)
                {
                    ons.Add((t, i));
                }
            }
        }

        if (ons.Count != notes.Count)
        {
            throw new InvalidOperationException($"{notes.Count} notes but {ons.Count} note-on events: cannot map velocities back");
        }

        var order = Enumerable.Range(0, notes.Count)
            .Where(i => notes[i].Channel != 9)
            .OrderBy(i => notes[i].OnsetSeconds).ThenBy(i => notes[i].Pitch).ToArray();
        var dynamics = options.InputDynamics switch
        {
            InputDynamicsMode.On => true,
            InputDynamicsMode.Off => false,
            _ => HasDynamics(order.Select(i => notes[i].Velocity)),
        };
        var input = new StyleNetNote[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var n = notes[order[k]];
            var (track, index) = ons[order[k]];
            var ev = file.Tracks[track].Events[index];
            if (ev.Tick != n.OnTick || ev.Data1 != n.Pitch || n.Track != track)
            {
                throw new InvalidOperationException($"note {order[k]} (track {n.Track}, tick {n.OnTick}, pitch {n.Pitch}) does not line up with its note-on event (track {track}, tick {ev.Tick})");
            }

            var q = beats ? (double)n.OnTick / tpq : double.NaN;
            input[k] = new StyleNetNote(
                n.OnsetSeconds, n.DurationSeconds, n.Pitch, pedal.IsDownAt(n.OnsetSeconds),
                beats ? (float)(q - Math.Floor(q)) : float.NaN,
                beats && Math.Abs(q / barQuarters - Math.Round(q / barQuarters)) * barQuarters < 1e-3,
                dynamics ? n.Velocity : (byte)0);
        }

        var predicted = new float[input.Length];
        var spq = map.MicrosecondsPerQuarterNoteAt(0) / 1e6;
        model(input, spq / 4, predicted);
        var changed = 0;
        for (var k = 0; k < order.Length; k++)
        {
            var (track, index) = ons[order[k]];
            var events = file.Tracks[track].Events;
            var old = events[index].Data2;
            var v = (int)Math.Clamp(Math.Round(old + (options.Amount * (predicted[k] - old))), 1, 127);
            if (v != old)
            {
                events[index] = events[index].WithVelocity(v);
                changed++;
            }
        }

        return changed;
    }

    /// <summary>
    /// Whether velocities carry dynamics worth keeping: at least 3 distinct values and a spread (standard deviation)
    /// of at least 3. A step-sequenced part at one velocity, or two (accent on/off), has none.
    /// </summary>
    public static bool HasDynamics(IEnumerable<byte> velocities)
    {
        ArgumentNullException.ThrowIfNull(velocities);
        var seen = new HashSet<byte>();
        double sum = 0, squares = 0;
        var count = 0;
        foreach (var v in velocities)
        {
            seen.Add(v);
            sum += v;
            squares += (double)v * v;
            count++;
        }

        if (seen.Count < 3)
        {
            return false;
        }

        var mean = sum / count;
        return (squares / count) - (mean * mean) >= 9;
    }

    private static double BarQuarters(MidiFile file)
    {
        foreach (var track in file.Tracks)
        {
            foreach (var e in track.Events)
            {
                if (e.IsMeta && e.Data1 == 0x58 && e.Data.Length >= 2)
                {
                    var s = e.Data.Span;
                    return s[0] * 4.0 / (1 << Math.Min((int)s[1], 6));
                }
            }
        }

        return 4.0;
    }
}
