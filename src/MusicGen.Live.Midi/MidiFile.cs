using MusicGen.Live.Midi.Smf;

namespace MusicGen.Live.Midi;

/// <summary>
/// A Standard MIDI File in memory: format (0, 1 or 2), time division and tracks of events. Read it, edit events in
/// place (order and all other events stay as they were), add tracks, write it back:
/// <code>
/// var file = MidiFile.Read("in.mid");
/// var notes = file.GetNotes();
/// file.Write("out.mid");
/// </code>
/// </summary>
public sealed class MidiFile
{
    private IReadOnlyList<MidiRepair> _repairs = [];

    public MidiFile(int format, MidiDivision division)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(format);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(format, 2);
        Format = format;
        Division = division;
    }

    public int Format { get; set; }

    public MidiDivision Division { get; set; }

    public List<MidiTrack> Tracks { get; } = [];

    /// <summary>What the lenient policy repaired while reading; empty for a well-formed file.</summary>
    public IReadOnlyList<MidiRepair> Repairs => _repairs;

    public static MidiFile Read(string path, ReadingSettings? settings = null) =>
        SmfReader.Read(File.ReadAllBytes(path), settings ?? ReadingSettings.Strict);

    public static MidiFile Read(Stream stream, ReadingSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return SmfReader.Read(copy.ToArray(), settings ?? ReadingSettings.Strict);
    }

    /// <summary>Reads from bytes the caller keeps unchanged: meta and SysEx payloads refer to this array.</summary>
    public static MidiFile Read(byte[] bytes, ReadingSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return SmfReader.Read(bytes, settings ?? ReadingSettings.Strict);
    }

    public static MidiFile Read(ReadOnlySpan<byte> bytes, ReadingSettings? settings = null) =>
        SmfReader.Read(bytes.ToArray(), settings ?? ReadingSettings.Strict);

    public void Write(string path)
    {
        using var stream = File.Create(path);
        Write(stream);
    }

    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        SmfWriter.Write(this, stream);
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        Write(stream);
        return stream.ToArray();
    }

    /// <summary>The tempo map of the file (format 0/1), or of one track (format 2: pass the track).</summary>
    public TempoMap GetTempoMap(int track = -1)
    {
        var tracks = Format == 2 && track >= 0 ? [Tracks[track]] : Tracks;
        var changes = tracks.SelectMany(t => t.Events).Where(e => e.IsTempo).Select(e => new TempoChange(e.Tick, e.MicrosecondsPerQuarterNote));
        return new TempoMap(Division, tracks.Count == 1 ? changes : changes.OrderBy(c => c.Tick));
    }

    /// <summary>The notes of every track, in track order and, within a track, in order of their note-on.</summary>
    public List<Note> GetNotes(NoteSettings? settings = null)
    {
        var notes = new List<Note>();
        var builder = new NoteBuilder();
        builder.Begin();
        for (var t = 0; t < Tracks.Count; t++)
        {
            builder.BeginTrack(t);
            foreach (var e in Tracks[t].Events)
            {
                if (e.IsChannelMessage)
                {
                    builder.ChannelMessage(e.Tick, e.Status, e.Data1, e.Data2);
                }
                else if (e.IsTempo)
                {
                    builder.Tempo(e.Tick, e.MicrosecondsPerQuarterNote);
                }
            }

            builder.EndTrack(Tracks[t].LastTick);
        }

        builder.Finish(Format, Division, settings ?? NoteSettings.Default, notes);
        return notes;
    }

    /// <summary>
    /// Sets the velocity of every note, given in the order of <see cref="GetNotes"/> (track by track, in order of
    /// note-on), by editing the note-on events in place; every other event stays as it was. Velocities are kept in
    /// 1–127 (0 would turn a note-on into a note-off).
    /// </summary>
    public void SetNoteVelocities(ReadOnlySpan<byte> velocities)
    {
        var next = 0;
        foreach (var track in Tracks)
        {
            var events = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(track.Events);
            for (var i = 0; i < events.Length; i++)
            {
                if (events[i].IsNoteOn)
                {
                    if (next >= velocities.Length)
                    {
                        throw new ArgumentException($"{velocities.Length} velocities given, the file has more notes", nameof(velocities));
                    }

                    events[i] = events[i].WithVelocity(Math.Max((int)velocities[next++], 1));
                }
            }
        }

        if (next != velocities.Length)
        {
            throw new ArgumentException($"{velocities.Length} velocities given, the file has {next} notes", nameof(velocities));
        }
    }

    /// <summary>Appends a track that plays <paramref name="notes"/> (their ticks; channel and velocity as given).</summary>
    public MidiTrack AddNotesTrack(IEnumerable<Note> notes, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var events = new List<MidiEvent>();
        if (name is not null)
        {
            events.Add(MidiEvent.MetaText(0, MetaEventType.TrackName, name));
        }

        var ordered = new List<(MidiEvent Event, int Order)>();
        foreach (var n in notes)
        {
            // Offs before ons at one tick, so a repeated pitch is released before it is struck again; a
            // zero-length note's own off comes after its on.
            ordered.Add((MidiEvent.NoteOff(n.OffTick, n.Channel, n.Pitch), n.OffTick == n.OnTick ? 2 : 0));
            ordered.Add((MidiEvent.NoteOn(n.OnTick, n.Channel, n.Pitch, Math.Max((int)n.Velocity, 1)), 1));
        }

        events.AddRange(ordered.OrderBy(x => x.Event.Tick).ThenBy(x => x.Order).Select(x => x.Event));
        var track = new MidiTrack(events, events.Count == 0 ? 0 : events.Max(e => e.Tick));
        Tracks.Add(track);
        if (Format == 0 && Tracks.Count > 1)
        {
            Format = 1;
        }

        return track;
    }

    internal void SetRepairs(List<MidiRepair>? repairs) => _repairs = repairs ?? (IReadOnlyList<MidiRepair>)[];
}
