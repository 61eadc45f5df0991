using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// Continues the player's phrase one note at a time. The engine feeds it the live context in the file encoding's
/// order (<see cref="Continuation.LiveContext"/>): each event once it is complete (<see cref="Observe"/>); at an
/// answer's start, the notes still held with their duration so far (<see cref="ObserveProvisional"/>).
/// <see cref="SampleNext"/> then extends the context. Whatever was fed provisionally or sampled since the last
/// <see cref="Observe"/> is rolled back at the next <see cref="Observe"/> or <see cref="BeginContinuation"/>: the
/// notes of an answer that really sounded come back through <see cref="Observe"/> at the times they sounded.
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

    /// <summary>Feeds one event that was played (player's or a sounded answer's), in the file encoding's order.</summary>
    void Observe(in PhraseEvent e);

    /// <summary>Feeds one event not yet complete (a held note, its duration so far): rolled back later.</summary>
    void ObserveProvisional(in PhraseEvent e);

    /// <summary>Marks the start of a new continuation: what was sampled or fed provisionally before is rolled back.</summary>
    void BeginContinuation();

    /// <summary>
    /// Samples the next note of the continuation with the given per-field settings; a <see cref="GeneratedNote.IsRest"/>
    /// when it decoded no note (no context yet, or only pedal events: their time shift carries).
    /// </summary>
    GeneratedNote SampleNext(in SamplingSettings settings);
}
