namespace MusicGen.Live.Midi.Encodings;

/// <summary>
/// Notes as a sequence in real time, the form the note-level models read: sorted by onset then pitch, each with
/// its duration and the time since the previous onset, all in seconds. <see cref="ToNotes"/> is the inverse.
/// </summary>
public static class NoteSequence
{
    public static TimedNote[] FromNotes(IEnumerable<Note> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var sorted = notes.ToArray();
        Array.Sort(sorted, static (a, b) => a.OnsetSeconds != b.OnsetSeconds ? a.OnsetSeconds.CompareTo(b.OnsetSeconds) : a.Pitch.CompareTo(b.Pitch));
        var result = new TimedNote[sorted.Length];
        var previous = 0.0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var n = sorted[i];
            result[i] = new TimedNote(n.Pitch, n.Velocity, n.OnsetSeconds, n.DurationSeconds, n.OnsetSeconds - previous);
            previous = n.OnsetSeconds;
        }

        return result;
    }

    /// <summary>Notes back from a sequence; ticks are the nearest ticks of <paramref name="tempo"/> (SMPTE or PPQ).</summary>
    public static List<Note> ToNotes(ReadOnlySpan<TimedNote> sequence, TempoMap tempo, int channel = 0, int track = 0)
    {
        ArgumentNullException.ThrowIfNull(tempo);
        var notes = new List<Note>(sequence.Length);
        foreach (var t in sequence)
        {
            var on = (long)Math.Round(tempo.ToTicks(t.Onset));
            var off = Math.Max(on, (long)Math.Round(tempo.ToTicks(t.Onset + t.Duration)));
            notes.Add(new Note(track, (byte)channel, t.Pitch, t.Velocity, on, off, t.Onset, t.Onset + t.Duration));
        }

        return notes;
    }
}
