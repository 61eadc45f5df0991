using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Cli.Live;

/// <summary>
/// Picks the velocity stage and phrase generator for the live engine: the shipped models when their cards are
/// present (<c>models/stylenet-note.json</c>, <c>models/phrase-transformer.json</c>; checksums and shapes are
/// checked, a bad file is an error), otherwise the clearly named placeholders (contour rules, phrase echo) so the
/// engine always runs. Paths are relative to the repository root (where run.sh runs).
/// </summary>
public static class StageFactory
{
    public const string StyleNetCard = "models/stylenet-note.json";
    public const string PhraseStem = PhraseTransformerFile.DefaultStem;

    public static IVelocityStage Velocity() =>
        File.Exists(StyleNetCard)
            ? new StyleNetVelocityStage(NoteStyleNet.Load(StyleNetCard), StyleNetStyle.Classical)
            : new ContourVelocityStage();

    public static IPhraseGenerator Generator() =>
        File.Exists(PhraseStem + ".json")
            ? new PhraseTransformerGenerator(new PhraseGenerator(PhraseTransformerFile.Load(PhraseStem).Model, seed: (ulong)Environment.TickCount64))
            : new RecentPhraseEcho();
}
