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

    public static IVelocityStage Velocity(string root = ".", bool inputDynamics = false)
    {
        var card = Path.Combine(root, StyleNetCard);
        return File.Exists(card) ? new StyleNetVelocityStage(NoteStyleNet.Load(card), StyleNetStyle.Classical, inputDynamics) : new ContourVelocityStage();
    }

    public static IPhraseGenerator Generator(string root = ".")
    {
        var stem = Path.Combine(root, PhraseStem);
        return File.Exists(stem + ".json")
            ? new PhraseTransformerGenerator(new PhraseGenerator(PhraseTransformerFile.Load(stem).Model, seed: (ulong)Environment.TickCount64))
            : new RecentPhraseEcho();
    }
}
