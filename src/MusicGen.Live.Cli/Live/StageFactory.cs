using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Cli.Live;

/// <summary>
/// Picks the velocity stage and phrase generator for the live engine: the shipped models when their cards are
/// present (<c>models/stylenet-note.json</c>, <c>models/phrase-transformer.json</c>; checksums and shapes are
/// checked, a bad file is an error), otherwise the clearly named placeholders (contour rules, phrase echo) so the
/// engine always runs. The large StyleNet is only ever asked for by name (<c>humanize.model</c>), so its card
/// missing is an error, not a quiet placeholder. Paths are relative to the repository root (where run.sh runs).
/// </summary>
public static class StageFactory
{
    public const string StyleNetCard = "models/stylenet-note.json";
    public const string LargeStyleNetCard = "models/stylenet-note-large.json";
    public const string PhraseStem = PhraseTransformerFile.DefaultStem;

    /// <summary>The velocity stage for the engine's humanize options (its model and input dynamics).</summary>
    public static IVelocityStage Velocity(Engine.Config.HumanizeOptions humanize, string root = ".")
    {
        ArgumentNullException.ThrowIfNull(humanize);
        var large = humanize.Model == VelocityModel.Large;
        var card = Path.Combine(root, large ? LargeStyleNetCard : StyleNetCard);
        if (!File.Exists(card))
        {
            return large
                ? throw new FileNotFoundException($"humanize.model 'large' needs the shipped model card {LargeStyleNetCard}, and {Path.GetFullPath(card)} does not exist", card)
                : new ContourVelocityStage();
        }

        return new StyleNetVelocityStage(NoteStyleNet.Load(card), StyleNetStyle.Classical, humanize.InputDynamics);
    }

    public static IPhraseGenerator Generator(string root = ".")
    {
        var stem = Path.Combine(root, PhraseStem);
        return File.Exists(stem + ".json")
            ? new PhraseTransformerGenerator(PhraseTransformerFile.Load(stem).Model, seed: (ulong)Environment.TickCount64)
            : new RecentPhraseEcho();
    }
}
