namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// Live note-level StyleNet: feed notes as they are played, take each note's velocity once its look-ahead has
/// passed (at once when the look-ahead is 0). Keeps the last <see cref="NoteFeatures.MaxHistory"/> taken notes
/// and the pending ones in one buffer, compacted in place, so a velocity is exactly what
/// <see cref="NoteStyleNet.Predict"/> gives for the same notes. Note-offs pair with note-ons first in, first
/// out per pitch, as the MIDI reader pairs them.
/// The same stream runs the whole-file bidirectional model within the look-ahead (<see cref="OfflineNoteStyleNet.CreateStream"/>,
/// <see cref="WindowedBidirectionalStep"/>): a note's window (the later notes within its look-ahead, at most
/// <see cref="NoteFeatures.MaxWindowNotes"/>) is in the buffer when its look-ahead has passed, and its velocity is what
/// <see cref="OfflineNoteStyleNet.Predict"/> bounded to the look-ahead gives, to float rounding.
/// Bound: the buffer holds <c>capacity</c> notes, <see cref="NoteFeatures.MaxHistory"/> of them history, the rest notes waiting
/// for their look-ahead (by default 480: 240 notes a second for two seconds, the longest look-ahead). When a note arrives
/// with the buffer full of waiting notes, the oldest is given its velocity early, from the notes there are, and counted in
/// <see cref="ForcedEarly"/>; nothing grows.
/// Threading: one thread (the engine thread) calls every member; no allocation and no lock after construction.
/// Contract: push notes in onset order, and every note whose onset is before <c>now</c> before calling
/// <see cref="TryTake"/> with that <c>now</c>.
/// </summary>
public sealed class NoteStyleNetStreamer
{
    /// <summary>Notes a stream holds unless told otherwise (history and notes waiting for their look-ahead).</summary>
    public const int DefaultCapacity = 512;

    private readonly INoteStyleNetStep? _state;
    private readonly WindowedBidirectionalStep? _bidirectional;
    private readonly StyleNetNote[] _notes;
    private readonly float[] _features = new float[NoteFeatures.Size];

    // Held notes already compacted out of the buffer, per pitch: their note-offs must not end a newer note.
    private readonly int[] _heldDropped = new int[128];

    // Velocities computed early because the buffer was full: (id, velocity), a ring the size of the buffer.
    private readonly long[] _readyIds;
    private readonly float[] _readyVelocities;
    private readonly Lookahead _lookahead;
    private readonly StyleNetStyle _style;
    private int _readyHead;
    private int _readyCount;
    private int _count;
    private int _next;
    private long _firstId;

    /// <param name="step">The model's step on some runtime, owned by this stream from here on.</param>
    public NoteStyleNetStreamer(INoteStyleNetStep step, Lookahead lookahead, StyleNetStyle style, int capacity = DefaultCapacity)
        : this(lookahead, style, capacity)
    {
        ArgumentNullException.ThrowIfNull(step);
        _state = step;
    }

    /// <param name="model">The whole-file bidirectional model, run within <paramref name="lookahead"/> (its scratch is this stream's).</param>
    public NoteStyleNetStreamer(OfflineNoteStyleNet model, Lookahead lookahead, StyleNetStyle style, int capacity = DefaultCapacity)
        : this(lookahead, style, capacity)
    {
        _bidirectional = new WindowedBidirectionalStep(model);
    }

    private NoteStyleNetStreamer(Lookahead lookahead, StyleNetStyle style, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, NoteFeatures.MaxHistory + NoteFeatures.MaxWindowNotes + 1);
        _notes = new StyleNetNote[capacity];
        _readyIds = new long[capacity];
        _readyVelocities = new float[capacity];
        _lookahead = lookahead;
        _style = style;
    }

    /// <summary>The delay this stream adds before a velocity is known (<see cref="Lookahead.Causal"/>: none).</summary>
    public Lookahead Lookahead => _lookahead;

    /// <summary>Notes given a velocity before their look-ahead had passed because the buffer was full.</summary>
    public long ForcedEarly { get; private set; }

    /// <summary>Early velocities lost because the caller did not take them before the ready ring filled.</summary>
    public long Dropped { get; private set; }

    /// <summary>Which runtime runs the model's steps.</summary>
    public string Runtime => _state?.Runtime ?? "native";

    /// <summary>Notes pushed but not yet taken.</summary>
    public int Pending => _count - _next + _readyCount;

    public void Reset()
    {
        _state?.Reset();
        _bidirectional?.Reset();
        _firstId += _count;
        _count = 0;
        _next = 0;
        _readyCount = 0;
        Array.Clear(_heldDropped);
    }

    /// <summary>Adds a played note (held until <see cref="NoteOff"/>); returns its id (consecutive from 0).</summary>
    /// <param name="inputVelocity">The note's own velocity when it is intended dynamics (a sequencer part), else 0 (see <see cref="StyleNetNote.InputVelocity"/>).</param>
    public long NoteOn(double onsetSeconds, int pitch, bool pedal, float beatPhase = float.NaN, bool downbeat = false, int inputVelocity = 0)
    {
        while (_count == _notes.Length)
        {
            if (_next > NoteFeatures.MaxHistory)
            {
                Compact();
            }
            else
            {
                // Full of pending notes: give the oldest its velocity now rather than block or allocate.
                ForcedEarly++;
                var id = _firstId + _next;
                var v = TakeNext();
                if (_readyCount == _readyIds.Length)
                {
                    // Nobody is taking velocities: the oldest ready one is lost (counted) rather than the buffer growing.
                    _readyHead = (_readyHead + 1) % _readyIds.Length;
                    _readyCount--;
                    Dropped++;
                }

                var slot = (_readyHead + _readyCount) % _readyIds.Length;
                _readyIds[slot] = id;
                _readyVelocities[slot] = v;
                _readyCount++;
            }
        }

        _notes[_count] = new StyleNetNote(onsetSeconds, double.PositiveInfinity, (byte)Math.Clamp(pitch, 0, 127), pedal, beatPhase, downbeat, (byte)Math.Clamp(inputVelocity, 0, 127));
        return _firstId + _count++;
    }

    /// <summary>Ends the oldest still-held note of <paramref name="pitch"/>.</summary>
    public void NoteOff(int pitch, double timeSeconds)
    {
        pitch = Math.Clamp(pitch, 0, 127);
        if (_heldDropped[pitch] > 0)
        {
            _heldDropped[pitch]--;
            return;
        }

        for (var i = 0; i < _count; i++)
        {
            var n = _notes[i];
            if (n.Pitch == pitch && double.IsPositiveInfinity(n.DurationSeconds))
            {
                _notes[i] = n with { DurationSeconds = Math.Max(0, timeSeconds - n.OnsetSeconds) };
                return;
            }
        }
    }

    /// <summary>
    /// The next note whose look-ahead has passed by <paramref name="nowSeconds"/> (<see cref="Lookahead.HasPassed"/>, the
    /// comparison its features' window uses): its id and velocity (1–127). False when none is due yet. <paramref name="nowSeconds"/>
    /// is a time on the notes' clock by which every earlier event has been pushed, never an onset plus the look-ahead
    /// added up by the caller (that sum rounds, and the note then seems never due).
    /// </summary>
    /// <exception cref="ModelOutputException">The model gave NaN or infinity (broken weights): a fault, not a velocity.</exception>
    public bool TryTake(double nowSeconds, out long id, out int velocity)
    {
        if (_readyCount > 0)
        {
            id = _readyIds[_readyHead];
            velocity = (int)MathF.Round(_readyVelocities[_readyHead]);
            _readyHead = (_readyHead + 1) % _readyIds.Length;
            _readyCount--;
            return true;
        }

        if (_next >= _count || !_lookahead.HasPassed(_notes[_next].OnsetSeconds, nowSeconds))
        {
            id = -1;
            velocity = 0;
            return false;
        }

        id = _firstId + _next;
        velocity = (int)MathF.Round(TakeNext());
        return true;
    }

    /// <summary>Takes the next pending note whatever the time (end of input).</summary>
    public bool TryFlush(out long id, out int velocity) => TryTake(double.PositiveInfinity, out id, out velocity);

    private float TakeNext()
    {
        var notes = _notes.AsSpan(0, _count);
        var index = _next++;
        if (_bidirectional is not null)
        {
            return _bidirectional.Velocity(notes, index, _lookahead, _style);
        }

        NoteFeatures.Write(notes, index, _lookahead, _style, _features);
        return _state!.Step(_features);
    }

    // Drops notes older than the history the features read, sliding the rest to the front (no allocation).
    private void Compact()
    {
        var drop = _next - NoteFeatures.MaxHistory;
        for (var i = 0; i < drop; i++)
        {
            if (double.IsPositiveInfinity(_notes[i].DurationSeconds))
            {
                _heldDropped[_notes[i].Pitch]++;
            }
        }

        Array.Copy(_notes, drop, _notes, 0, _count - drop);
        _count -= drop;
        _next -= drop;
        _firstId += drop;
    }
}
