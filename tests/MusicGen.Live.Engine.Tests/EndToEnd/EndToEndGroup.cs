namespace MusicGen.Live.Engine.Tests.EndToEnd;

/// <summary>
/// End-to-end tests run alone, after the parallel unit tests: their JACK clients run without real-time
/// priority, and a CPU crowded by other tests makes JACK skip their cycles (whole cycles of MIDI lost).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndGroup
{
    public const string Name = "end-to-end";
}
