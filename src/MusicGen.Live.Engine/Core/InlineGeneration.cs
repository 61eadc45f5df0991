using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// The generator called directly on the engine thread: every <see cref="TryTake"/> is one model step, and a
/// note is always ready. Deterministic for a seeded generator, so the processor's tests and the warm-up use it.
/// </summary>
/// <remarks>Threading: engine thread only (see <see cref="IGenerationSource"/>).</remarks>
public sealed class InlineGeneration(IPhraseGenerator generator) : IGenerationSource
{
    public string Name => generator.Name;

    public bool Faulted => Fault is not null;

    public Exception? Fault { get; private set; }

    public void Reset() => Guard(static g => g.Reset());

    public void Observe(in PhraseEvent e) => Feed(e, provisional: false);

    public void ObserveProvisional(in PhraseEvent e) => Feed(e, provisional: true);

    public void Begin(in SamplingSettings settings) => Guard(static g => g.BeginContinuation());

    public void Cancel()
    {
    }

    public bool TryTake(in SamplingSettings settings, out GeneratedNote note)
    {
        note = default;
        if (Faulted)
        {
            return false;
        }

        try
        {
            note = generator.SampleNext(settings);
            return true;
        }
        catch (Exception exception)
        {
            Fault = exception;
            return false;
        }
    }

    private void Feed(in PhraseEvent e, bool provisional)
    {
        if (Faulted)
        {
            return;
        }

        try
        {
            if (provisional)
            {
                generator.ObserveProvisional(e);
            }
            else
            {
                generator.Observe(e);
            }
        }
        catch (Exception exception)
        {
            Fault = exception;
        }
    }

    private void Guard(Action<IPhraseGenerator> call)
    {
        if (Faulted)
        {
            return;
        }

        try
        {
            call(generator);
        }
        catch (Exception exception)
        {
            Fault = exception;
        }
    }
}
