using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// Something that continues a prompt, compared by <c>eval transformer --continuations</c> with the player's own
/// continuation: file mode (<see cref="FileContinuationSource"/>), or the live engine replaying the prompt (plugged in
/// from the command line, which knows the engine). Threading: called from one thread at a time.
/// </summary>
public interface IContinuationSource
{
    /// <summary>Column name in the report ("file", "live").</summary>
    string Name { get; }

    /// <summary>
    /// The continuation of <paramref name="prompt"/> (phrase events of a performance, its first event's shift 0): events
    /// whose shifts continue from the prompt's last event, so the first one's shift is its distance from the prompt's
    /// last onset. The evaluator keeps the notes starting within <paramref name="seconds"/> of that onset.
    /// Same <paramref name="seed"/>, same continuation.
    /// </summary>
    IReadOnlyList<PhraseEvent> Continue(IReadOnlyList<PhraseEvent> prompt, double seconds, ulong seed);
}
