using System.Globalization;
using System.Text.Json.Nodes;
using MusicGen.Live.Models;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.Training.Common;
using MusicGen.Live.Training.Evaluation;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Shipping;

/// <summary>
/// <c>eval stylenet --ship</c>: what an evaluation on test ships, and how. Run weights go to the models folder under
/// their catalog card's name (<see cref="ModelCatalog"/>) with a new card holding every row's test metrics; an ensemble
/// of several note models ships as one weights file; a card already shipped, measured again, gets the rows added to
/// its metrics and weights and checksum stay. Use only on the final, valid-selected weights: test never chooses anything.
/// </summary>
public static class StyleNetShipping
{
    private const string License = "CC BY-NC-SA 4.0 (trained on nasap, see ../shared/data/PROVENANCE.md)";

    public static void Ship(StyleNetTrainingConfig cfg, StyleNetEvalOptions o, StyleNetEvalResult result, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(log);
        if (o.ShipFolder is not { } folder)
        {
            return;
        }

        var rows = result.Rows;
        var la = o.LookaheadSeconds;
        if (result.NoteModel is NoteStyleNetEnsemble ensemble && o.NotePaths.Count > 1)
        {
            // An ensemble ships as one weights file holding every member under its prefix, written in place.
            Directory.CreateDirectory(folder);
            var weights = Path.Combine(folder, CardStem("ensemble") + ".safetensors");
            SafeTensors.Write(weights, ensemble.ToTensors());
            ShipCard(folder, CardStem("ensemble"), NoteStyleNetEnsemble.Kind, weights, ModelCard.ConfigOf(ensemble.Config), rows, o.ConfigPath, la, log, o.NotePaths);
        }
        else if (result.NoteRows.Count > 0 && o.OneCard)
        {
            // A card already shipped, measured again (e.g. --within-lookahead): the rows are added to its metrics
            // (same names replaced) and the command to its training record; weights and checksum stay as they are.
            RecordMetrics(o.NotePaths[0], rows, Command(o, folder), log);
        }
        else if (result.NoteRows.Count > 0 && o.NotePaths[0].EndsWith(".safetensors", StringComparison.Ordinal))
        {
            var offline = result.NoteModel is OfflineNoteStyleNet;
            ShipCard(
                folder,
                CardStem(offline ? "offline" : "note"),
                offline ? OfflineNoteStyleNet.Kind : NoteStyleNet.Kind,
                o.NotePaths[0],
                ModelCard.ConfigOf(cfg.Note.Model),
                rows,
                o.ConfigPath,
                la,
                log);
        }

        if (result.ArticleRows.Count > 0 && o.ArticlePath.EndsWith(".safetensors", StringComparison.Ordinal))
        {
            ShipCard(folder, CardStem("article"), ArticleStyleNet.Kind, o.ArticlePath, ModelCard.ConfigOf(StyleNetModelFiles.ArticleConfig(cfg)), rows, o.ConfigPath, la, log);
        }
    }

    /// <summary>The card's file name without extension that the catalog gives the model <paramref name="name"/>.</summary>
    private static string CardStem(string name) => Path.GetFileNameWithoutExtension(ModelCatalog.Find(name).Card);

    // The command that measured a shipped card again, recorded in its training section.
    private static string Command(StyleNetEvalOptions o, string folder) =>
        $"musicgen eval stylenet --split test --note {o.NotePaths[0]} --lookahead-ms {o.LookaheadMs}"
            + (o.WithinLookahead ? " --within-lookahead" : string.Empty)
            + (string.IsNullOrEmpty(o.RowsPattern) ? string.Empty : $" --rows \"{o.RowsPattern}\"")
            + (o.Expression > 0 ? string.Create(CultureInfo.InvariantCulture, $" --expression {o.Expression}") : string.Empty)
            + (o.ExpressionWindow == VelocityExpression.DefaultWindow ? string.Empty : $" --expression-window {o.ExpressionWindow}")
            + $" --ship {folder}";

    private static void ShipCard(
        string folder,
        string name,
        string kind,
        string weightsPath,
        JsonObject config,
        IReadOnlyList<EvalRow> allRows,
        string configPath,
        float la,
        TextWriter log,
        IReadOnlyList<string>? members = null)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, name + ".safetensors");
        if (Path.GetFullPath(weightsPath) != Path.GetFullPath(target))
        {
            File.Copy(weightsPath, target, overwrite: true);
        }

        var curves = Path.Combine(Path.GetDirectoryName(weightsPath)!, TrainingLoop.CurvesFile);
        var card = new ModelCard
        {
            Name = name,
            Kind = kind,
            Config = config,
            Data = kind != ArticleStyleNet.Kind
                ? "nasap performances (train split) in performance and score timing "
                    + "(score rows with the velocities of nasap's midi_score.mid exports where they have dynamics) + pop909 "
                    + "(train split) for the pop style; pianomidide not used"
                : "nasap performances (train split, classical sub-network) + pop909 (train split, pop sub-network), piano roll 1/16 from score timing; pianomidide not used",
            Split = "splits/split.csv (piece-level, SHA-1 of dataset:piece mod 10); weights selected by valid MAE; metrics below on nasap test",
            Metrics = CardMetrics.Of(allRows),
            Training = new JsonObject
            {
                ["config"] = configPath,
                ["curves"] = File.Exists(curves) ? File.ReadAllText(curves) : string.Empty,
                ["eval_lookahead_ms"] = la * 1000,
                ["command"] = kind == ArticleStyleNet.Kind ? $"musicgen train stylenet --model article --config {configPath}" : $"musicgen train stylenet --config {configPath}",
            },
            License = License,
        };
        if (members is not null)
        {
            // Each member's own card keeps its training story; the ensemble card says which cards went in, in order.
            card.Training["members"] = new JsonArray([.. members.Distinct().Select(m => (JsonNode)JsonValue.Create(m))]);
            card.Training["curves"] = string.Empty;
            card.Training["command"] = $"musicgen eval stylenet --split test --config {configPath} --note {string.Join(',', members)} --ship {folder}";
        }

        card.Write(Path.Combine(folder, name + ".json"), target);
        log.WriteLine($"shipped {target} and its card (sha256 {card.Sha256})");
    }

    private static void RecordMetrics(string cardPath, IReadOnlyList<EvalRow> rows, string command, TextWriter log)
    {
        var card = ModelCard.Read(cardPath);
        foreach (var (name, value) in CardMetrics.Of(rows).ToList())
        {
            card.Metrics[name] = value?.DeepClone();
        }

        var commands = card.Training["metrics_commands"] as JsonArray ?? [];
        if (!commands.Any(c => c?.GetValue<string>() == command))
        {
            commands.Add(command);
        }

        card.Training["metrics_commands"] = commands;
        card.Rewrite(cardPath);
        log.WriteLine($"recorded test metrics in {cardPath}");
    }
}
