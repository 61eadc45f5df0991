using System.Runtime.CompilerServices;

namespace MusicGen.Live.Midi;

/// <summary>
/// Turns a stream of events (track by track) into <see cref="Note"/>s following <see cref="NoteSettings"/>.
/// Pairing is O(1) per event with FIFO chains per (channel, pitch) in flat arrays reused across files; notes are
/// kept as mutable <see cref="WorkNote"/>s until the tempo map is known, then written to the caller's list once.
/// Steady-state use allocates nothing per note besides that list. <see cref="NotePairingReference"/> is the
/// plain version it is tested against. Not thread-safe: one per thread.
/// </summary>
internal sealed class NoteBuilder
{
    private const int Keys = 16 * 128;

    private readonly int[] _head = new int[Keys]; // per (channel << 7 | pitch): oldest sounding note, -1 if none
    private readonly int[] _tail = new int[Keys]; // per key: newest sounding note
    private readonly List<(long Tick, int Track, int Microseconds)> _tempos = [];
    private readonly List<PedalEvent> _pedals = [];
    private WorkNote[] _work = new WorkNote[4096]; // notes of the file so far, in track then note-on order
    private int[] _next = new int[4096];           // per note: next sounding note of its key, -1 at the end
    private int _count;
    private int _track;
    private int _open;                             // notes opened in this track (0: heads not yet reset)
    private long _lastTick;

    public void Begin()
    {
        _count = 0;
        _tempos.Clear();
        _pedals.Clear();
        _lastTick = 0;
    }

    public void BeginTrack(int track)
    {
        _track = track;
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
            _pedals.Add(new PedalEvent(tick, _track, status & 0x0F, data2, _pedals.Count));
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

        for (var key = 0; key < Keys; key++)
        {
            for (var i = _head[key]; i >= 0; i = _next[i])
            {
                _work[i].OffTick = Math.Max(endTick, _work[i].OnTick);
            }

            _head[key] = -1;
        }

        _open = 0;
    }

    /// <summary>Applies sustain if asked, computes seconds and appends the notes to <paramref name="destination"/>.</summary>
    public void Finish(int format, MidiDivision division, NoteSettings settings, List<Note> destination)
    {
        var notes = _work.AsSpan(0, _count);
        if (settings.ExtendBySustain && _pedals.Count > 0)
        {
            SustainPedal.Extend(notes, _pedals, settings.SustainThreshold, perTrack: format == 2, _lastTick);
        }

        destination.EnsureCapacity(destination.Count + _count);
        if (format != 2)
        {
            Append(notes, new TempoMap(division, _tempos.Select(t => new TempoChange(t.Tick, t.Microseconds))), destination);
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

            Append(notes[start..end], new TempoMap(division, _tempos.Where(t => t.Track == track).Select(t => new TempoChange(t.Tick, t.Microseconds))), destination);
            start = end;
        }
    }

    private static void Append(ReadOnlySpan<WorkNote> notes, TempoMap map, List<Note> destination)
    {
        int onHint = 0, offHint = 0;
        foreach (ref readonly var n in notes)
        {
            destination.Add(new Note(n.Track, n.Channel, n.Pitch, n.Velocity, n.OnTick, n.OffTick, map.ToSeconds(n.OnTick, ref onHint), map.ToSeconds(n.OffTick, ref offHint)));
        }
    }

    private void NoteOn(long tick, int channel, int pitch, int velocity)
    {
        var index = _count;
        if (index == _work.Length)
        {
            Array.Resize(ref _work, index * 2);
            Array.Resize(ref _next, index * 2);
        }

        ref var note = ref _work[index];
        note.OnTick = tick;
        note.OffTick = tick;
        note.Track = _track;
        note.Channel = (byte)channel;
        note.Pitch = (byte)pitch;
        note.Velocity = (byte)velocity;
        _next[index] = -1;
        _count = index + 1;
        if (_open == 0)
        {
            Array.Fill(_head, -1);
        }

        var key = channel << 7 | pitch;
        if (_head[key] < 0)
        {
            _head[key] = index;
        }
        else
        {
            _next[_tail[key]] = index;
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
        if (index >= 0)
        {
            _work[index].OffTick = tick;
            _head[key] = _next[index];
        }
    }
}
