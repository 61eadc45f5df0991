using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// A model that assigns each event a probability given the events before it, field by field. Every model and
/// baseline of <c>musicgen eval transformer</c> is scored through this, on the same events.
/// Implementations are safe to call from several threads at once (one file per call).
/// </summary>
internal interface IPhraseScorer
{
    string Name { get; }

    /// <summary>Adds −ln p of each field of events [from, to) of <paramref name="tokens"/> to <paramref name="nats"/>.</summary>
    void Score(PhraseToken[] tokens, int from, int to, double[] nats);
}
