namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// File-mode continuation, shared by <c>musicgen continue</c> and <c>eval transformer --continuations</c> so that
/// the evaluation measures what users get: after the context has been observed, sample until a number of events
/// or until the continuation lasts a number of seconds (the last event may start past it, as decoded).
/// Threading: the caller's, which owns the generator.
/// </summary>
public static class PhraseContinuation
{
    public static List<PhraseEvent> Sample(PhraseGenerator generator, PhraseSamplingSettings settings, int? events, double? seconds)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(settings);
        var start = generator.Time;
        var sampled = new List<PhraseEvent>();
        var limit = events ?? (seconds is null ? 64 : int.MaxValue);
        while (sampled.Count < limit && (seconds is null || generator.Time - start < seconds))
        {
            sampled.Add(generator.SampleNext(settings));
        }

        return sampled;
    }
}
