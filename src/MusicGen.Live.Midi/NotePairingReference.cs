namespace MusicGen.Live.Midi;

/// <summary>
/// The plain version of note pairing (FIFO queues in a dictionary, seconds from <see cref="MidiFile.GetTempoMap"/>),
/// kept beside the optimised <see cref="NoteBuilder"/> so tests can compare the two. No sustain handling.
/// </summary>
public static class NotePairingReference
{
    public static List<Note> GetNotes(MidiFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var result = new List<Note>();
        for (var t = 0; t < file.Tracks.Count; t++)
        {
            var map = file.Format == 2 ? file.GetTempoMap(t) : file.GetTempoMap();
            var open = new Dictionary<(int Channel, int Pitch), Queue<int>>();
            var trackNotes = new List<(int Channel, int Pitch, int Velocity, long On, long Off)>();
            foreach (var e in file.Tracks[t].Events)
            {
                if (e.IsNoteOn)
                {
                    if (!open.TryGetValue((e.Channel, e.Data1), out var queue))
                    {
                        open[(e.Channel, e.Data1)] = queue = new Queue<int>();
                    }

                    queue.Enqueue(trackNotes.Count);
                    trackNotes.Add((e.Channel, e.Data1, e.Data2, e.Tick, -1));
                }
                else if (e.IsNoteOff && open.TryGetValue((e.Channel, e.Data1), out var queue) && queue.Count > 0)
                {
                    var i = queue.Dequeue();
                    trackNotes[i] = trackNotes[i] with { Off = e.Tick };
                }
            }

            foreach (var n in trackNotes)
            {
                var off = n.Off >= 0 ? n.Off : file.Tracks[t].LastTick;
                result.Add(new Note(t, (byte)n.Channel, (byte)n.Pitch, (byte)n.Velocity, n.On, off, map.ToSeconds(n.On), map.ToSeconds(off)));
            }
        }

        return result;
    }
}
