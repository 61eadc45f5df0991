using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// A prompt cut from a held-out performance and what the player really played next: <see cref="Prompt"/> (first
/// event's shift 0) and <see cref="Players"/>, the events starting within the continuation window after the prompt's
/// last onset (shifts continuing from it).
/// </summary>
public sealed record ContinuationPrompt(string Path, double StartSeconds, PhraseEvent[] Prompt, PhraseEvent[] Players);
