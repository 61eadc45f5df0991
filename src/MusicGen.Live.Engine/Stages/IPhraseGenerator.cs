namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// Continues the player's phrase one note at a time. Every player note is observed as it completes, so a
/// continuation can start at once from warm state; <see cref="SampleNext"/> then extends it.
/// </summary>
/// <remarks>
/// Threading: one thread at a time: the engine thread (<c>InlineGeneration</c>) or the generation worker that owns it. No allocation in steady state:
/// run state (caches, buffers) is allocated up front. A throw is caught by the engine, counted as a fault,
/// and ends every sounding note.
/// </remarks>
public interface IPhraseGenerator
{
    /// <summary>What this generator is (model name, or what the placeholder does).</summary>
    string Name { get; }

    /// <summary>Clears context (new session, after a fault).</summary>
    void Reset();

    /// <summary>Feeds one player note into the context, in onset order.</summary>
    void Observe(in PlayedNote note);

    /// <summary>Marks the start of a new continuation (the generator may rewind its own output context).</summary>
    void BeginContinuation();

    /// <summary>Samples the next note of the continuation with the given per-field settings.</summary>
    GeneratedNote SampleNext(in SamplingSettings settings);
}
