using MusicGen.Live.Engine.Stages;

namespace MusicGen.Live.Engine.Core;

/// <summary>A note the <see cref="GenerationWorker"/> sampled, tagged with the continuation it belongs to.</summary>
internal readonly record struct SampledNote(int Epoch, GeneratedNote Note);
