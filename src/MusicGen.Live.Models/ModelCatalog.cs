using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models;

/// <summary>
/// The shipped models by name: a name maps to its card (config, data, metrics, SHA-256 of the weights) and its
/// loader. A new velocity model is its class, its card in <c>models/</c> and one line in <see cref="Velocity"/>;
/// every command that offers a choice (humanize, the live stage factory, eval) reads this list. Cards are found
/// under a models folder the caller gives (the command line's is beside the program, not the working directory).
/// </summary>
/// <remarks>Any thread: immutable.</remarks>
public static class ModelCatalog
{
    /// <summary>The phrase transformer's path stem under the models folder (<c>.json</c> card, <c>.safetensors</c> weights).</summary>
    public const string Phrase = "phrase-transformer";

    /// <summary>
    /// Every velocity model, the default first. Live expressions: <c>large</c> 1.35 and <c>note</c> 1.5, each the smallest
    /// with both range ratios at the target on nasap valid's live causal row (docs/expression.md); <c>offline</c> keeps 1.5,
    /// the engine's default when it was added, not chosen for it.
    /// </summary>
    public static IReadOnlyList<VelocityModelEntry> Velocity { get; } =
    [
        new(
            "ensemble",
            "stylenet-note-ensemble.json",
            "five large note-level StyleNets and the whole-file one averaged (the whole-file one weighted 3); the best for files",
            NoteStyleNetEnsemble.Load),
        new("large", "stylenet-note-large.json", "the engine's live note-level StyleNet (hidden 160); one streaming model for files", NoteStyleNet.Load,
            Streams: true, HasOnnxStep: true, LiveExpression: 1.35),
        new("offline", "stylenet-note-offline.json", "a bidirectional note-level StyleNet that reads the whole file for each note (live: within the look-ahead)",
            OfflineNoteStyleNet.Load,
            StreamsWithinLookahead: true,
            LiveExpression: 1.5),
        new("note", "stylenet-note.json", "the smaller real-time note-level StyleNet (hidden 96), for a machine with less time to spare", NoteStyleNet.Load,
            Streams: true, HasOnnxStep: true, LiveExpression: 1.5),
        new("article", "stylenet-article.json", "the article's piano-roll StyleNet (1/16 grid)", null),
    ];

    /// <summary>The names, in order, for help texts and errors: <c>ensemble, large, offline, note or article</c>.</summary>
    public static string VelocityNames =>
        string.Join(", ", Velocity.Take(Velocity.Count - 1).Select(e => e.Name)) + " or " + Velocity[^1].Name;

    /// <summary>The entry named <paramref name="name"/>; an unknown name is an error that lists the known ones.</summary>
    public static VelocityModelEntry Find(string name) =>
        Velocity.FirstOrDefault(e => e.Name == name) ?? throw new ArgumentException($"--model must be {VelocityNames}, not '{name}'", nameof(name));

    /// <summary>The full path of <paramref name="entry"/>'s card under <paramref name="modelsDir"/>.</summary>
    public static string CardPath(string modelsDir, VelocityModelEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Path.GetFullPath(Path.Combine(modelsDir, entry.Card));
    }

    /// <summary>Loads the note-level model named <paramref name="name"/> from <paramref name="modelsDir"/> (card and checksum checked).</summary>
    public static INoteVelocityModel LoadNote(string modelsDir, string name)
    {
        var entry = Find(name);
        return entry.Load is { } load ? load(CardPath(modelsDir, entry)) : throw new ArgumentException($"'{name}' is not a note-level model", nameof(name));
    }

    /// <summary>The article's piano-roll model from <paramref name="modelsDir"/>.</summary>
    public static ArticleStyleNet LoadArticle(string modelsDir) => ArticleStyleNet.Load(CardPath(modelsDir, Find("article")));

    /// <summary>The phrase transformer's path stem under <paramref name="modelsDir"/>.</summary>
    public static string PhraseStem(string modelsDir) => Path.GetFullPath(Path.Combine(modelsDir, Phrase));

    /// <summary>Whether a card lies where <paramref name="entry"/> expects it.</summary>
    public static bool Exists(string modelsDir, VelocityModelEntry entry) => File.Exists(CardPath(modelsDir, entry));
}
