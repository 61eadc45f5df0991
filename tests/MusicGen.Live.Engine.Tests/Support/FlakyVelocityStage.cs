using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>
/// A velocity stage that fails at random: per note-off or take, one chance in <c>faultOdds</c> that it throws or gives
/// 0 (what a NaN becomes on its way to a byte); otherwise a random velocity for any pending note. Seeded, so a session
/// replays exactly. Engine thread (the test's).
/// </summary>
public sealed class FlakyVelocityStage(int seed, int faultOdds) : IVelocityStage
{
    private readonly Random _random = new(seed);
    private int _pending;

    public string Name => "flaky stage";

    public Lookahead Lookahead { get; set; }

    public long Early => 0;

    public void Reset() => _pending = 0;

    public void Push(in NoteOnset note) => _pending++;

    public void NoteOff(int pitch, double seconds)
    {
        if (Roll() == 1)
        {
            throw new InvalidOperationException("flaky stage: note-off fault");
        }
    }

    public bool TryTake(double nowSeconds, bool force, out byte velocity)
    {
        velocity = 0;
        if (_pending == 0)
        {
            return false;
        }

        _pending--;
        velocity = Roll() switch
        {
            1 => throw new InvalidOperationException("flaky stage: fault"),
            2 => (byte)Math.Round(double.NaN),
            _ => (byte)_random.Next(1, 128),
        };
        return true;
    }

    private int Roll() => faultOdds > 0 && _random.Next(faultOdds) == 0 ? 1 + _random.Next(2) : 0;
}
