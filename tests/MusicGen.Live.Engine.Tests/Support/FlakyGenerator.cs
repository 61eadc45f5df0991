using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>
/// A phrase generator that fails at random: per call, one chance in <c>faultOdds</c> that it throws or samples a
/// NaN time or duration; otherwise a random note (time shift up to 0.4 s, duration up to <see cref="MaxDurationSeconds"/>).
/// </summary>
public sealed class FlakyGenerator(int seed, int faultOdds) : IPhraseGenerator
{
    public const double MaxDurationSeconds = 1.0;

    private readonly Random _random = new(seed);

    public string Name => "flaky generator";

    public void Reset() => Fail();

    public void Observe(in PhraseEvent e) => Fail();

    public void ObserveProvisional(in PhraseEvent e) => Fail();

    public void BeginContinuation() => Fail();

    public GeneratedNote SampleNext(in SamplingSettings settings)
    {
        Fail();
        var nan = faultOdds > 0 && _random.Next(faultOdds) == 0;
        var shift = _random.Next(3) == 0 ? 0 : _random.NextDouble() * 0.4;
        var duration = _random.NextDouble() * MaxDurationSeconds;
        return new GeneratedNote(nan ? double.NaN : shift, (byte)_random.Next(36, 90), nan && _random.Next(2) == 0 ? double.NaN : duration, (byte)_random.Next(1, 128));
    }

    private void Fail()
    {
        if (faultOdds > 0 && _random.Next(faultOdds) == 0)
        {
            throw new InvalidOperationException("flaky generator: fault");
        }
    }
}
