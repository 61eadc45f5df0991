using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>Test generator that plays a few notes, then throws (a model fault mid-continuation).</summary>
public sealed class ThrowingGenerator(int notesBeforeFault) : IPhraseGenerator
{
    private int _sampled;

    public string Name => "throwing";

    public void Reset() => _sampled = 0;

    public void Observe(in PhraseEvent e)
    {
    }

    public void ObserveProvisional(in PhraseEvent e)
    {
    }

    public void BeginContinuation()
    {
    }

    public GeneratedNote SampleNext(in SamplingSettings settings) =>
        _sampled++ < notesBeforeFault ? new GeneratedNote(0.05, 72, 2.0, 90) : throw new InvalidOperationException("model fault");
}
