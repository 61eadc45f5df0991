namespace MusicGen.Live.Engine.Core;

/// <summary>What the engine thread asks of the <see cref="GenerationWorker"/>.</summary>
internal enum GenerationCommandKind : byte
{
    Reset,
    Observe,
    ObserveProvisional,
    Begin,
    Cancel,
    Settings,
}
