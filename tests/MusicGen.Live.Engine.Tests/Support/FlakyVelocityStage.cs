using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>
/// A velocity stage that fails at random: per call, one chance in <c>faultOdds</c> that it throws or gives what a
/// NaN becomes on its way to an int; otherwise a random velocity. Seeded, so a session replays exactly.
/// </summary>
public sealed class FlakyVelocityStage(int seed, int faultOdds) : IVelocityStage
{
    private readonly Random _random = new(seed);

    public string Name => "flaky stage";

    public long Early => 0;

    public void Reset()
    {
    }

    public void NoteOff(ReadOnlySpan<NoteOnset> notes, Lookahead lookahead, int pitch, double seconds)
    {
        if (Roll() == 1)
        {
            throw new InvalidOperationException("flaky stage: note-off fault");
        }
    }

    public int Velocity(ReadOnlySpan<NoteOnset> notes, int current, Lookahead lookahead, double nowSeconds) => Roll() switch
    {
        1 => throw new InvalidOperationException("flaky stage: fault"),
        2 => (int)Math.Round(double.NaN),
        _ => _random.Next(1, 128),
    };

    private int Roll() => faultOdds > 0 && _random.Next(faultOdds) == 0 ? 1 + _random.Next(2) : 0;
}
