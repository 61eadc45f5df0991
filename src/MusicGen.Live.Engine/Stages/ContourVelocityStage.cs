using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// A rule-of-thumb velocity stage for when no trained model is present: NOT a model. It shapes dynamics
/// from the phrase contour: notes after a longer gap are accented, higher notes lean louder, notes that start
/// a chord or a fast run (seen in the look-ahead) are softened, and a slow drift avoids a flat level.
/// It ignores the input velocity on purpose (so a flat-velocity keyboard still gets shaped dynamics).
/// </summary>
/// <remarks>
/// Threading: engine thread only. Keeps the pending notes (the look-ahead window) in a preallocated ring of
/// <see cref="IVelocityStage.MaxPending"/>, the note taken last and the drift phase; never allocates.
/// </remarks>
public sealed class ContourVelocityStage : IVelocityStage
{
    private readonly NoteOnset[] _pending = new NoteOnset[IVelocityStage.MaxPending]; // (MaxPending) ring of notes not yet taken, oldest at _head
    private int _head;
    private int _pendingCount;
    private NoteOnset _previous; // the note taken last (valid when _hasPrevious)
    private bool _hasPrevious;
    private int _count;

    public string Name => "contour rules (placeholder, no model)";

    public Lookahead Lookahead { get; set; }

    /// <summary>Notes taken with force before their look-ahead passed (the rules then see fewer later notes).</summary>
    public long Early { get; private set; }

    public void Reset()
    {
        _count = 0;
        _head = 0;
        _pendingCount = 0;
        _hasPrevious = false;
    }

    public void Push(in NoteOnset note)
    {
        if (_pendingCount == _pending.Length)
        {
            // Past the contract: the oldest gives way (its velocity is lost) rather than the ring growing.
            _head = (_head + 1) % _pending.Length;
            _pendingCount--;
        }

        _pending[(_head + _pendingCount++) % _pending.Length] = note;
    }

    public void NoteOff(int pitch, double seconds)
    {
    }

    public bool TryTake(double nowSeconds, bool force, out byte velocity)
    {
        if (_pendingCount == 0 || (!force && !Lookahead.HasPassed(_pending[_head].Seconds, nowSeconds)))
        {
            velocity = 0;
            return false;
        }

        var note = _pending[_head];
        if (!Lookahead.HasPassed(note.Seconds, nowSeconds))
        {
            Early++;
        }

        var v = 64.0 + (0.35 * (note.Pitch - 64)); // register: brighter up high
        if (_hasPrevious)
        {
            var gap = note.Seconds - _previous.Seconds;
            v += gap > 0.4 ? 14 : gap < 0.12 ? -6 : 0; // phrase starts after a breath; runs are lighter
            v += Math.Sign(note.Pitch - _previous.Pitch) * 4; // rising lines swell
        }
        else
        {
            v += 10;
        }

        if (_pendingCount > 1 && _pending[(_head + 1) % _pending.Length].Seconds - note.Seconds < 0.03)
        {
            v -= 8; // look-ahead: a chord follows at once; voice it softer than a single note
        }

        v += 6 * Math.Sin(_count++ * 0.7); // gentle drift so repeated notes are not identical
        _previous = note;
        _hasPrevious = true;
        _head = (_head + 1) % _pending.Length;
        _pendingCount--;
        velocity = (byte)Math.Clamp(Math.Round(v), 1, 127);
        return true;
    }
}
