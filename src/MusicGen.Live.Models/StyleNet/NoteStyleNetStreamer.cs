namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// Live note-level StyleNet: feed notes as they are played, take each note's velocity once its look-ahead has
/// passed (at once when the look-ahead is 0). Keeps the last <see cref="NoteFeatures.MaxHistory"/> emitted notes
/// and the pending ones in one buffer, compacted in place, so a velocity is exactly what
/// <see cref="NoteStyleNet.Predict"/> gives for the same notes.
/// Threading: one thread (the engine thread) calls every member; no allocation and no lock after construction.
/// Contract: push every note whose onset is before <c>now</c> before calling <see cref="TryTake"/> with that
/// <c>now</c>, in onset order.
/// </summary>
public sealed class NoteStyleNetStreamer
{
    private readonly NoteStyleNetRunState _state;
    private readonly StyleNetNote[] _notes;
    private readonly float[] _features = new float[NoteFeatures.Size];
    private readonly float _lookahead;
    private readonly StyleNetStyle _style;
    private int _count;
    private int _next;
    private long _firstId;

    internal NoteStyleNetStreamer(NoteStyleNet model, float lookaheadSeconds, StyleNetStyle style, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, NoteFeatures.MaxHistory + NoteFeatures.MaxWindowNotes + 1);
        _state = new NoteStyleNetRunState(model);
        _notes = new StyleNetNote[capacity];
        _lookahead = Math.Clamp(float.IsFinite(lookaheadSeconds) ? lookaheadSeconds : 0f, 0f, NoteFeatures.MaxLookaheadSeconds);
        _style = style;
    }

    /// <summary>The delay this stream adds before a velocity is known, in seconds (0 = causal).</summary>
    public float LookaheadSeconds => _lookahead;

    /// <summary>Notes given a velocity before their look-ahead had passed because the buffer was full.</summary>
    public long ForcedEarly { get; private set; }

    /// <summary>Notes pushed but not yet taken.</summary>
    public int Pending => _count - _next;

    public void Reset()
    {
        _state.Reset();
        _firstId += _count;
        _count = 0;
        _next = 0;
    }

    /// <summary>Adds a played note (duration unknown until <see cref="NoteOff"/>); returns its id (consecutive from 0).</summary>
    public long NoteOn(double onsetSeconds, int pitch, bool pedal, float beatPhase = float.NaN, bool downbeat = false)
    {
        if (_count == _notes.Length)
        {
            Compact();
        }

        if (_count == _notes.Length)
        {
            // Buffer full of pending notes: give the oldest its velocity now rather than block or allocate.
            ForcedEarly++;
            TakeNext(out _);
            Compact();
        }

        _notes[_count] = new StyleNetNote(onsetSeconds, double.PositiveInfinity, (byte)Math.Clamp(pitch, 0, 127), pedal, beatPhase, downbeat);
        return _firstId + _count++;
    }

    /// <summary>Ends the latest still-held pending note of <paramref name="pitch"/> (emitted notes no longer need it).</summary>
    public void NoteOff(int pitch, double timeSeconds)
    {
        for (var i = _count - 1; i >= _next; i--)
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
    /// The next note whose look-ahead has passed by <paramref name="nowSeconds"/> (onset + L ≤ now): its id and
    /// velocity (1–127). False when none is due yet.
    /// </summary>
    public bool TryTake(double nowSeconds, out long id, out int velocity)
    {
        if (_next >= _count || _notes[_next].OnsetSeconds + _lookahead > nowSeconds)
        {
            id = -1;
            velocity = 0;
            return false;
        }

        id = _firstId + _next;
        velocity = (int)MathF.Round(TakeNext(out _));
        return true;
    }

    /// <summary>Takes the next pending note whatever the time (end of input).</summary>
    public bool TryFlush(out long id, out int velocity) => TryTake(double.PositiveInfinity, out id, out velocity);

    private float TakeNext(out int index)
    {
        index = _next;
        NoteFeatures.Write(_notes.AsSpan(0, _count), _next, _lookahead, _style, _features);
        _next++;
        return _state.Step(_features);
    }

    // Drops notes older than the history the features read, sliding the rest to the front (no allocation).
    private void Compact()
    {
        var drop = Math.Max(0, _next - NoteFeatures.MaxHistory);
        if (drop == 0)
        {
            return;
        }

        Array.Copy(_notes, drop, _notes, 0, _count - drop);
        _count -= drop;
        _next -= drop;
        _firstId += drop;
    }
}
