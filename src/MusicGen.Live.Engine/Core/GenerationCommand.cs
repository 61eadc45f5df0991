using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Core;

/// <summary>One request from the engine thread to the <see cref="GenerationWorker"/> (a value in its SPSC ring).</summary>
/// <param name="Epoch">The continuation the request belongs to; sampled notes carry it back.</param>
internal readonly record struct GenerationCommand(GenerationCommandKind Kind, int Epoch, PhraseEvent Event, SamplingSettings Settings);
