using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// File mode, exactly as <c>musicgen continue --seconds</c> runs it: observe every prompt event, then
/// <see cref="PhraseContinuation.Sample"/> until the continuation lasts the given seconds. One generator, reset per
/// prompt. Threading: one thread at a time.
/// </summary>
public sealed class FileContinuationSource(PhraseTransformerModel model, PhraseSamplingSettings settings) : IContinuationSource
{
    private readonly PhraseGenerator _generator = new(model);

    public string Name => "file";

    public PhraseSamplingSettings Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    public IReadOnlyList<PhraseEvent> Continue(IReadOnlyList<PhraseEvent> prompt, double seconds, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        _generator.Reset(seed);
        foreach (var e in prompt)
        {
            _generator.Observe(e);
        }

        return PhraseContinuation.Sample(_generator, Settings, null, seconds);
    }
}
