using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// How the engine thread reaches its phrase generator: inline (<see cref="InlineGeneration"/>, one model step on
/// the engine thread per call: deterministic, for tests and offline use) or through a worker thread that decodes
/// ahead (<see cref="GenerationWorker"/>, the live engine's: model steps never delay the player's notes).
/// </summary>
/// <remarks>
/// Threading: every member is called by the engine thread only. None allocates, locks, blocks or throws: a
/// generator that throws sets <see cref="Faulted"/>, and the engine then ends every sounding note.
/// </remarks>
public interface IGenerationSource
{
    /// <summary>The generator's name.</summary>
    string Name { get; }

    /// <summary>True once the generator threw; it is not called again.</summary>
    bool Faulted { get; }

    /// <summary>What the generator threw, once <see cref="Faulted"/> (for the fault's name in the console).</summary>
    Exception? Fault { get; }

    /// <summary>Clears the generator's context (new session).</summary>
    void Reset();

    /// <summary>Feeds one played event into the context, in the file encoding's order (rolls back what was not played).</summary>
    void Observe(in PhraseEvent e);

    /// <summary>Feeds one event not yet complete (a held note, its duration so far), after <see cref="Begin"/>; rolled back later.</summary>
    void ObserveProvisional(in PhraseEvent e);

    /// <summary>A continuation starts: notes sampled from here on belong to it (what was sampled before is rolled back).</summary>
    void Begin(in SamplingSettings settings);

    /// <summary>The continuation stopped (the player plays again, panic): notes sampled for it are dropped.</summary>
    void Cancel();

    /// <summary>The next note of the continuation, when one is ready (a worker may still be decoding it).</summary>
    bool TryTake(in SamplingSettings settings, out GeneratedNote note);
}
