using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>
/// Test generator whose notes say where they came from: pitch = 60 + continuations begun, velocity = notes
/// sampled so far in this continuation + 1, duration = players' notes observed. Counts are readable from any thread.
/// </summary>
public sealed class CountingGenerator : IPhraseGenerator
{
    private int _begun;
    private int _sampled;
    private int _observed;
    private int _resets;

    public string Name => "counting";

    public int Begun => Volatile.Read(ref _begun);

    public int Sampled => Volatile.Read(ref _sampled);

    public int Observed => Volatile.Read(ref _observed);

    public int Resets => Volatile.Read(ref _resets);

    public int SampledInContinuation { get; private set; }

    public void Reset()
    {
        Interlocked.Increment(ref _resets);
        Volatile.Write(ref _observed, 0);
    }

    public void Observe(in PhraseEvent e) => Interlocked.Increment(ref _observed);

    public void ObserveProvisional(in PhraseEvent e)
    {
    }

    public void BeginContinuation()
    {
        Interlocked.Increment(ref _begun);
        SampledInContinuation = 0;
    }

    public GeneratedNote SampleNext(in SamplingSettings settings)
    {
        Interlocked.Increment(ref _sampled);
        SampledInContinuation++;
        return new GeneratedNote(settings.Time.Temperature, (byte)(60 + Begun), Observed, (byte)SampledInContinuation);
    }
}
