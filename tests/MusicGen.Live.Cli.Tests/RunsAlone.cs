namespace MusicGen.Live.Cli.Tests;

/// <summary>
/// Tests that run with no other test of this assembly beside them: those that measure a real JACK server (a CPU-heavy
/// neighbour, humanize through the file ensemble bounded to the look-ahead, starves the dummy backend into xruns, and a
/// MIDI message then misses its cycle), and those that read the process-wide <see cref="Console.Error"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
