using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MusicGen.Live.Midi;

/// <summary>
/// Turns a stream of events (track by track) into <see cref="Note"/>s following <see cref="NoteSettings"/>.
/// The pairing is O(1) per event with FIFO chains per (channel, pitch) kept in flat arrays reused across files,
/// so steady-state use allocates nothing per note besides the caller's list. <see cref="NotePairingReference"/>
/// is the plain version it is tested against. Not thread-safe: one per thread.
/// </summary>
internal sealed class NoteBuilder
{
    private const int Keys = 16 * 128;

    private readonly int[] _head = new int[Keys]; // per (channel << 7 | pitch): oldest sounding note, -1 if none
    private readonly int[] _tail = new int[Keys]; // per key: newest sounding note
    private readonly List<(long Tick, int Track, int Microseconds)> _tempos = [];
    private readonly List<SustainPedal.PedalEvent> _pedals = [];
    private int[] _next = new int[4096];          // per note of the current track: next sounding note of its key
    private List<Note> _notes = [];
    private int _firstNote;
    private int _track;
    private int _open;                            // notes opened in this track (0: heads not yet reset)
    private long _lastTick;

    public void Begin(List<Note> destination)
    {
        _notes = destination;
        _tempos.Clear();
        _pedals.Clear();
        _lastTick = 0;
    }

    public void BeginTrack(int track)
    {
        _track = track;
        _firstNote = _notes.Count;
        _open = 0; // heads are reset by the track's first note-on
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ChannelMessage(long tick, int status, int data1, int data2)
    {
        var command = status & 0xF0;
        if (command == 0x90 && data2 > 0)
        {
            NoteOn(tick, status & 0x0F, data1, data2);
        }
        else if (command is 0x80 or 0x90)
        {
            NoteOff(tick, (status & 0x0F) << 7 | data1);
        }
        else if (command == 0xB0 && data1 == 64)
        {
            _pedals.Add(new SustainPedal.PedalEvent(tick, _track, status & 0x0F, data2, _pedals.Count));
        }
    }

    public void Tempo(long tick, int microsecondsPerQuarterNote) => _tempos.Add((tick, _track, microsecondsPerQuarterNote));

    public void EndTrack(long endTick)
    {
        _lastTick = Math.Max(_lastTick, endTick);
        if (_open == 0)
        {
            return;
        }

        var notes = CollectionsMarshal.AsSpan(_notes);
        for (var key = 0; key < Keys; key++)
        {
            for (var i = _head[key]; i >= 0; i = _next[i - _firstNote])
            {
                notes[i] = notes[i] with { OffTick = Math.Max(endTick, notes[i].OnTick) };
            }

            _head[key] = -1;
        }

        _open = 0;
    }

    /// <summary>Applies sustain if asked, then computes seconds for the notes added since <see cref="Begin"/>.</summary>
    public void Finish(int format, MidiDivision division, NoteSettings settings, int firstNote)
    {
        var notes = CollectionsMarshal.AsSpan(_notes)[firstNote..];
        if (settings.ExtendBySustain && _pedals.Count > 0)
        {
            SustainPedal.Extend(notes, _pedals, settings.SustainThreshold, perTrack: format == 2, _lastTick);
        }

        if (format != 2)
        {
            var map = new TempoMap(division, _tempos.Select(t => new TempoChange(t.Tick, t.Microseconds)));
            ApplySeconds(notes, map);
            return;
        }

        // Format 2: every track keeps its own tempo map (the tracks are independent sequences).
        var start = 0;
        while (start < notes.Length)
        {
            var track = notes[start].Track;
            var end = start;
            while (end < notes.Length && notes[end].Track == track)
            {
                end++;
            }

            var map = new TempoMap(division, _tempos.Where(t => t.Track == track).Select(t => new TempoChange(t.Tick, t.Microseconds)));
            ApplySeconds(notes[start..end], map);
            start = end;
        }
    }

    private static void ApplySeconds(Span<Note> notes, TempoMap map)
    {
        int onHint = 0, offHint = 0;
        foreach (ref var note in notes)
        {
            note = note with
            {
                OnsetSeconds = map.ToSeconds(note.OnTick, ref onHint),
                OffsetSeconds = map.ToSeconds(note.OffTick, ref offHint),
            };
        }
    }

    private void NoteOn(long tick, int channel, int pitch, int velocity)
    {
        var index = _notes.Count;
        _notes.Add(new Note(_track, (byte)channel, (byte)pitch, (byte)velocity, tick, tick, 0, 0));
        var local = index - _firstNote;
        if (local >= _next.Length)
        {
            Array.Resize(ref _next, _next.Length * 2);
        }

        _next[local] = -1;
        var key = channel << 7 | pitch;
        if (_open == 0)
        {
            // The heads of this track are reset lazily: only once a note has been opened.
            Array.Fill(_head, -1);
        }

        if (_head[key] < 0)
        {
            _head[key] = index;
        }
        else
        {
            _next[_tail[key] - _firstNote] = index;
        }

        _tail[key] = index;
        _open++;
    }

    private void NoteOff(long tick, int key)
    {
        if (_open == 0)
        {
            return;
        }

        var index = _head[key];
        if (index < 0)
        {
            return;
        }

        ref var note = ref CollectionsMarshal.AsSpan(_notes)[index];
        note = note with { OffTick = tick };
        _head[key] = _next[index - _firstNote];
    }
}
