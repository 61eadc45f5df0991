using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>
/// Test stage: velocity = 20 + number of later notes pushed by the time it is taken (the look-ahead it was shown);
/// answers whenever a note is pending, whatever the time; throws when asked to. Engine thread (the test's).
/// </summary>
public sealed class FixedVelocityStage : IVelocityStage
{
    private int _pending;

    public bool Throw { get; set; }

    public string Name => "test stage";

    public Lookahead Lookahead { get; set; }

    public long Early => 0;

    public void Reset() => _pending = 0;

    public void Push(in NoteOnset note) => _pending++;

    public void NoteOff(int pitch, double seconds)
    {
    }

    public bool TryTake(double nowSeconds, bool force, out byte velocity)
    {
        velocity = 0;
        if (_pending == 0)
        {
            return false;
        }

        // A throwing take still consumes its note, as a stage whose model failed on it would have.
        velocity = (byte)(20 + --_pending);
        return Throw ? throw new InvalidOperationException("stage fault") : true;
    }
}
