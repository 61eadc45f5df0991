using MusicGen.Live.Models;

namespace MusicGen.Live.Engine.Config;

/// <summary>
/// The names the live engine's velocity stage accepts (<c>humanize.model</c>, <c>--velocity-model</c>): every model in
/// <see cref="ModelCatalog.Velocity"/> that streams one note at a time (<see cref="VelocityModelEntry.Streams"/>) or within
/// the look-ahead window (<see cref="VelocityModelEntry.StreamsWithinLookahead"/>, look-ahead mode only: <see cref="NeedsLookahead"/>),
/// and <see cref="Contour"/>, the placeholder that is no model. A new live model is a line in the catalog, not a name here.
/// </summary>
/// <remarks>Any thread: immutable.</remarks>
public static class VelocityModel
{
    /// <summary>
    /// The engine's own model: the large streaming StyleNet, the one that reaches a pianist's range live within the MAE
    /// bound (see the README's expressiveness table), well inside the per-note time budget. <c>note</c>, the smaller one,
    /// stays selectable for a machine with less time to spare. The default.
    /// </summary>
    public const string Default = "large";

    /// <summary>
    /// No model: the contour-rules placeholder (<see cref="Stages.ContourVelocityStage"/>), used only when asked for by name
    /// (or, with a warning on every status line, when the engine's own model file is missing).
    /// </summary>
    public const string Contour = "contour";

    /// <summary>The accepted names: the catalog's streaming models in catalog order, then <see cref="Contour"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ModelCatalog.Velocity.Where(e => e.Streams || e.StreamsWithinLookahead).Select(e => e.Name), Contour];

    /// <summary>The names for errors and help texts: <c>large, note or contour</c>.</summary>
    public static string List => string.Join(", ", Names.Take(Names.Count - 1)) + " or " + Names[^1];

    /// <summary>
    /// The help text of <c>--velocity-model</c>: each live model of the catalog with its summary (those that need
    /// look-ahead mode say so), then the placeholder, then the default (a new catalog entry shows up here).
    /// </summary>
    public static string Help =>
        string.Join(", ", ModelCatalog.Velocity.Where(e => e.Streams || e.StreamsWithinLookahead)
            .Select(e => NeedsLookahead(e.Name) ? $"{e.Name} ({e.Summary}; --humanize lookahead only)" : $"{e.Name} ({e.Summary})"))
            + $"; {Contour}: the rule-based placeholder, no model. Default: {Default}.";

    /// <summary>
    /// Whether <paramref name="name"/> runs live only in look-ahead mode: a bidirectional model, run within the look-ahead
    /// window (<c>humanize.mode "causal"</c> with it is a config error).
    /// </summary>
    public static bool NeedsLookahead(string? name) => ModelCatalog.Velocity.Any(e => e.Name == name && e.StreamsWithinLookahead && !e.Streams);

    /// <summary>
    /// The expression the engine runs <paramref name="name"/> at when <c>humanize.expression</c> is left out: the catalog's
    /// <see cref="VelocityModelEntry.LiveExpression"/>; 0 for the placeholder, which has no model to scale.
    /// </summary>
    public static double LiveExpression(string? name) => ModelCatalog.Velocity.FirstOrDefault(e => e.Name == name)?.LiveExpression ?? 0;

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Names"/> (exact spelling).</summary>
    public static bool IsKnown(string? name) => name is not null && Names.Contains(name, StringComparer.Ordinal);
}
