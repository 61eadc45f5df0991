using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.Training.Common;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen eval</c>: parent of the evaluation verbs. <c>eval stylenet --split test</c> prints one table of
/// MAE, RMSE and Pearson r on nasap for the baselines and the StyleNet models, in performance and score timing.
/// With <c>--ship</c> it also copies the evaluated run weights into models/ with a model card holding these
/// test metrics (use only on the final, valid-selected weights: test never chooses anything).
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Evaluate models on a data split and print a metrics table.");
        command.Subcommands.Add(StyleNet());
        command.Subcommands.Add(EvalTransformerCommand.Create());
        return command;
    }

    private static Command StyleNet()
    {
        var config = new Option<string>("--config") { Description = "StyleNet config (data, cache, model shapes).", DefaultValueFactory = _ => "configs/training/stylenet.json" };
        var split = new Option<string>("--split") { Description = "train, valid or test.", DefaultValueFactory = _ => "test" };
        var note = new Option<string>("--note")
        {
            Description = "Note-level model: a card (.json, one model or an ensemble) or run weights (.safetensors, shapes from the config); "
                + "several, comma-separated, are scored as one ensemble "
                + "(their velocities averaged; a path given k times is one member of weight k).",
            DefaultValueFactory = _ => "models/stylenet-note.json",
        };
        var article = new Option<string>("--article-model")
        {
            Description = "The article's piano-roll StyleNet: a card (.json) or run weights (.safetensors); none to leave its row out.",
            DefaultValueFactory = _ => "models/stylenet-article.json",
        };
        var lookahead = new Option<int>("--lookahead-ms") { Description = "Look-ahead of the 'with look-ahead' row.", DefaultValueFactory = _ => 1000 };
        var ship = new Option<string?>("--ship") { Description = "Folder to ship the evaluated run weights and cards to (e.g. models)." };
        var bounded = new Option<bool>("--within-lookahead") { Description = "Bound every note to its look-ahead: a whole-file model's backward direction reads only the window (see humanize)." };
        var only = new Option<string?>("--rows")
        {
            Description = "Only the note model's rows whose name this regular expression matches (e.g. \"1000 ms$|notated\"); the baselines always. "
                + "With --ship, only on a card already shipped (--note CARD.json), whose other rows stay.",
        };
        var expression = new Option<float>("--expression")
        {
            Description = $"Expression of the note model's rows, 0–{VelocityExpression.Max} "
                + "(0: its own MAE-optimal velocities; see humanize --expression); rows named with it when above 0.",
            DefaultValueFactory = _ => 0f,
        };
        var window = new Option<int>("--expression-window")
        {
            Description = "Notes in the local mean the expression scales around (tuning on valid).",
            DefaultValueFactory = _ => VelocityExpression.DefaultWindow,
        };
        var shape = new Option<string?>("--expression-shape")
        {
            Description = "What expression 1 does, \"scale,pitch,chord,noise,correlation\" (ExpressionShape: the scale of the deviation pitch "
                + "does not explain, of the part it does, of a chord's spacing, the std of the sampled part and its note-to-note "
                + "correlation; tuning on valid). Default: the shipped uniform shape, nothing sampled.",
        };
        var command = new Command(
            "stylenet",
            "Velocity MAE / RMSE / Pearson r and expressiveness (std and local-variation ratios to the pianist's) of baselines and StyleNet models on nasap, performance and score timing.")
        {
            config, split, note, article, lookahead, ship, only, bounded, expression, window, shape,
        };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var cfg = StyleNetTrainingConfig.Load(parse.GetValue(config)!);
            var splitName = parse.GetValue(split)!;
            if (splitName is not ("train" or "valid" or "test"))
            {
                throw new ArgumentException($"--split must be train, valid or test, not '{splitName}'");
            }

            var notePaths = parse.GetValue(note)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var rowsPattern = parse.GetValue(only);
            var oneCard = notePaths.Length == 1 && notePaths[0].EndsWith(".json", StringComparison.Ordinal);
            if (parse.GetValue(ship) is not null)
            {
                // Checked before the evaluation, which takes minutes.
                if (splitName != "test")
                {
                    throw new ArgumentException("--ship records test metrics: use it with --split test");
                }

                if (!string.IsNullOrEmpty(rowsPattern) && !oneCard)
                {
                    // A new card records every row; a card already shipped may have some of its rows measured again.
                    throw new ArgumentException("--ship with --rows adds rows to a card already shipped (--note CARD.json); a new card records every row: leave out --rows");
                }
            }

            var la = parse.GetValue(lookahead) / 1000f;
            var pieces = StyleNetDataCache.LoadOrBuild(cfg.Cache, cfg.Data, cfg.Threads, Console.Error);
            var eval = new StyleNetEvaluator(pieces, splitName, cfg.Threads);
            Console.Error.WriteLine($"nasap {splitName}: {eval.PieceCount} performances, {eval.PerformanceNotes} performed notes, "
                + $"{eval.ScoreNotes} score-matched notes ({eval.NotatedScoreNotes} with a notated velocity)");
            var rows = new List<EvalRow>(eval.Baselines());
            var noteRows = new List<EvalRow>();
            INoteVelocityModel? noteModel = null;
            if (notePaths.Length > 0 && notePaths.All(File.Exists))
            {
                noteModel = LoadNoteModel(notePaths, cfg);
                if (parse.GetValue(bounded))
                {
                    noteModel = noteModel.WithinLookahead();
                }

                var expressionValue = parse.GetValue(expression);
                VelocityExpression.Validate(expressionValue);
                var rowsOf = eval.Note(noteModel, la, rowsPattern);
                if (expressionValue > 0)
                {
                    // Filtered by the model's own row names, then named with the setting (a card keeps both).
                    var shapeText = parse.GetValue(shape);
                    var suffix = string.Create(
                        CultureInfo.InvariantCulture,
                        $", expression {expressionValue:0.##}{(parse.GetValue(window) == VelocityExpression.DefaultWindow ? string.Empty : $" window {parse.GetValue(window)}")}")
                        + (shapeText is null ? string.Empty : $" shape {shapeText}");
                    var expressive = new ExpressiveVelocityModel(noteModel, expressionValue, shapeText is null ? ExpressionShape.Uniform : ParseShape(shapeText), 0, parse.GetValue(window));
                    rowsOf = eval.Note(expressive, la, rowsPattern).Select(r => r with { Name = r.Name + suffix });
                }

                noteRows.AddRange(rowsOf);
                rows.AddRange(noteRows);
            }
            else
            {
                Console.Error.WriteLine($"note model {string.Join(", ", notePaths.Where(p => !File.Exists(p)))} not found: rows skipped");
            }

            var articlePath = parse.GetValue(article)!;
            var articleRows = new List<EvalRow>();
            if (File.Exists(articlePath))
            {
                var model = LoadArticle(articlePath, cfg);
                articleRows.Add(eval.Row("article StyleNet (piano roll 1/16)", (p, _, n, v) => model.Predict(n, p.SecondsPerQuarter / 4, StyleNetStyle.Classical, v)));
                rows.AddRange(articleRows);
            }
            else
            {
                Console.Error.WriteLine($"article model {articlePath} not found: row skipped");
            }

            Print(rows, splitName);
            if (parse.GetValue(ship) is { } folder)
            {
                var onCard = noteRows.Count > 0 && oneCard;

                if (noteModel is NoteStyleNetEnsemble ensemble && notePaths.Length > 1)
                {
                    // An ensemble ships as one weights file holding every member under its prefix, written in place.
                    Directory.CreateDirectory(folder);
                    var weights = Path.Combine(folder, "stylenet-note-ensemble.safetensors");
                    SafeTensors.Write(weights, ensemble.ToTensors());
                    Ship(folder, "stylenet-note-ensemble", NoteStyleNetEnsemble.Kind, weights, JsonSerializerNode(ensemble.Config), rows, parse.GetValue(config)!, la, notePaths);
                }
                else if (onCard)
                {
                    // A card already shipped, measured again (e.g. --within-lookahead): the rows are added to its metrics
                    // (same names replaced) and the command to its training record; weights and checksum stay as they are.
                    var command = $"musicgen eval stylenet --split test --note {notePaths[0]} --lookahead-ms {parse.GetValue(lookahead)}"
                        + (parse.GetValue(bounded) ? " --within-lookahead" : string.Empty)
                        + (string.IsNullOrEmpty(rowsPattern) ? string.Empty : $" --rows \"{rowsPattern}\"")
                        + (parse.GetValue(expression) > 0 ? string.Create(CultureInfo.InvariantCulture, $" --expression {parse.GetValue(expression)}") : string.Empty)
                        + (parse.GetValue(window) == VelocityExpression.DefaultWindow ? string.Empty : $" --expression-window {parse.GetValue(window)}")
                        + $" --ship {folder}";
                    RecordMetrics(notePaths[0], rows, command);
                }
                else if (noteRows.Count > 0 && notePaths[0].EndsWith(".safetensors", StringComparison.Ordinal))
                {
                    var offline = noteModel is OfflineNoteStyleNet;
                    Ship(
                        folder,
                        offline ? "stylenet-note-offline" : "stylenet-note",
                        offline ? OfflineNoteStyleNet.Kind : ModelCard.NoteKind,
                        notePaths[0],
                        JsonSerializerNode(cfg.Note.Model),
                        rows,
                        parse.GetValue(config)!,
                        la);
                }

                if (articleRows.Count > 0 && articlePath.EndsWith(".safetensors", StringComparison.Ordinal))
                {
                    Ship(folder, "stylenet-article", ModelCard.ArticleKind, articlePath, JsonSerializerNode(ArticleConfig(cfg)), rows, parse.GetValue(config)!, la);
                }
            }

            return 0;
        }));
        return command;
    }

    /// <summary>"scale,pitch,chord,noise,correlation" as an <see cref="ExpressionShape"/>, or an error naming the option.</summary>
    internal static ExpressionShape ParseShape(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        if (parts.Length != 5 || !parts.Select((p, i) => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok))
        {
            throw new ArgumentException($"--expression-shape '{text}': give five numbers, scale,pitch,chord,noise,correlation (e.g. 1.4,1.4,1.4,0,0)");
        }

        var shape = new ExpressionShape(values[0], values[1], values[2], values[3], values[4]);
        try
        {
            shape.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"--expression-shape '{text}': {e.Message.Split(" (Parameter", 2)[0]}", e);
        }

        return shape;
    }

    /// <summary>A streaming or whole-file model: by its card's kind, or for bare weights by <c>--config</c>'s note model.</summary>
    private static INoteStyleNetMember LoadMember(string path, StyleNetTrainingConfig cfg) =>
        path.EndsWith(".json", StringComparison.Ordinal) ? INoteStyleNetMember.Load(path) : INoteStyleNetMember.FromTensors(SafeTensors.Read(path), cfg.Note.Model);

    /// <summary>One path: a single model or an ensemble card; several: an ensemble of single models (repeats weigh more).</summary>
    internal static INoteVelocityModel LoadNoteModel(IReadOnlyList<string> paths, StyleNetTrainingConfig cfg)
    {
        if (paths.Count == 1 && paths[0].EndsWith(".json", StringComparison.Ordinal) && ModelCard.Read(paths[0]).Kind == NoteStyleNetEnsemble.Kind)
        {
            return NoteStyleNetEnsemble.Load(paths[0]);
        }

        if (paths.Count == 1)
        {
            return LoadMember(paths[0], cfg);
        }

        // A path listed k times is one member of weight k: weighed on valid without running (or shipping) it twice.
        var distinct = paths.Distinct().ToArray();
        var weights = distinct.Length == paths.Count ? null : distinct.Select(p => (float)paths.Count(q => q == p)).ToArray();
        return new NoteStyleNetEnsemble([.. distinct.Select(p => LoadMember(p, cfg))], weights);
    }

    internal static ArticleStyleNet LoadArticle(string path, StyleNetTrainingConfig cfg) =>
        path.EndsWith(".json", StringComparison.Ordinal) ? ArticleStyleNet.Load(path) : ArticleStyleNet.FromTensors(SafeTensors.Read(path), ArticleConfig(cfg));

    internal static ArticleStyleNetConfig ArticleConfig(StyleNetTrainingConfig cfg) => new() { Hidden = cfg.Article.Hidden, GenreLayers = cfg.Article.GenreLayers, Window = cfg.Article.SeqLen };

    private static JsonObject JsonSerializerNode<T>(T value) => (JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(value))!;

    private static void Print(List<EvalRow> rows, string split)
    {
        var width = Math.Max(34, rows.Max(r => r.Name.Length) + 2);
        Console.WriteLine($"StyleNet velocity metrics, nasap {split} "
            + "(velocity units; r = Pearson; std× and loc× = median over pieces of the std and of the local variation, "
            + $"deviation from a {VelocityExpressiveness.LocalWindow}-note moving mean, over the pianist's)");
        Console.WriteLine(split == "test"
            ? $"disc = accuracy of a two-sample discriminator on {DiscriminatorFeatures.Window}-note test windows, "
                + "pianist's against the row's velocities, trained on the row's valid windows (50 % = indistinguishable)"
            : $"disc = accuracy of a two-sample discriminator on {DiscriminatorFeatures.Window}-note windows, "
                + $"pianist's against the row's velocities, two folds by piece within {split} (50 % = indistinguishable)");
        Console.WriteLine($"{"model / baseline".PadRight(width)}| {"performance timing",-47}| {"score timing",-40}");
        Console.WriteLine($"{string.Empty.PadRight(width)}| {"MAE",7} {"RMSE",7} {"r",7} {"std×",6} {"loc×",6} {"disc",6}   | {"MAE",7} {"RMSE",7} {"r",7} {"std×",6} {"loc×",6}");
        Console.WriteLine(new string('-', width + 93));
        foreach (var r in rows)
        {
            // MAE to three decimals: ensembles chosen on valid differ in the third.
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{r.Name.PadRight(width)}| {r.Performance.Mae,7:0.000} {r.Performance.Rmse,7:0.00} {Fmt(r.Performance.Pearson),7} "
                    + $"{Ratio(r.PerformanceExpressiveness?.StdRatio),6} {Ratio(r.PerformanceExpressiveness?.LocalRatio),6} {Percent(r.Discriminator),6}   "
                    + $"| {r.Score.Mae,7:0.000} {r.Score.Rmse,7:0.00} {Fmt(r.Score.Pearson),7} "
                    + $"{Ratio(r.ScoreExpressiveness?.StdRatio),6} {Ratio(r.ScoreExpressiveness?.LocalRatio),6}"));
        }
    }

    private static string Ratio(double? ratio) => ratio is { } v && !double.IsNaN(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static string Percent(double accuracy) => double.IsNaN(accuracy) ? "n/a" : (accuracy * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Fmt(double r) => double.IsNaN(r) ? "n/a" : r.ToString("0.000", CultureInfo.InvariantCulture);

    private static void Ship(string folder, string name, string kind, string weightsPath, JsonObject config, List<EvalRow> allRows, string configPath, float la, IReadOnlyList<string>? members = null)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, name + ".safetensors");
        if (Path.GetFullPath(weightsPath) != Path.GetFullPath(target))
        {
            File.Copy(weightsPath, target, overwrite: true);
        }
        var metrics = MetricsOf(allRows);

        var curves = Path.Combine(Path.GetDirectoryName(weightsPath)!, TrainingLoop.CurvesFile);
        var card = new ModelCard
        {
            Name = name,
            Kind = kind,
            Config = config,
            Data = kind != ModelCard.ArticleKind
                ? "nasap performances (train split) in performance and score timing "
                    + "(score rows with the velocities of nasap's midi_score.mid exports where they have dynamics) + pop909 "
                    + "(train split) for the pop style; pianomidide not used"
                : "nasap performances (train split, classical sub-network) + pop909 (train split, pop sub-network), piano roll 1/16 from score timing; pianomidide not used",
            Split = "splits/split.csv (piece-level, SHA-1 of dataset:piece mod 10); weights selected by valid MAE; metrics below on nasap test",
            Metrics = metrics,
            Training = new JsonObject
            {
                ["config"] = configPath,
                ["curves"] = File.Exists(curves) ? File.ReadAllText(curves) : string.Empty,
                ["eval_lookahead_ms"] = la * 1000,
                ["command"] = kind == ModelCard.ArticleKind ? $"musicgen train stylenet --model article --config {configPath}" : $"musicgen train stylenet --config {configPath}",
            },
            License = "CC BY-NC-SA 4.0 (trained on nasap, see ../shared/data/PROVENANCE.md)",
        };
        if (members is not null)
        {
            // Each member's own card keeps its training story; the ensemble card says which cards went in, in order.
            card.Training["members"] = new JsonArray([.. members.Distinct().Select(m => (JsonNode)JsonValue.Create(m))]);
            card.Training["curves"] = string.Empty;
            card.Training["command"] = $"musicgen eval stylenet --split test --config {configPath} --note {string.Join(',', members)} --ship {folder}";
        }

        card.Write(Path.Combine(folder, name + ".json"), target);
        Console.Error.WriteLine($"shipped {target} and its card (sha256 {card.Sha256})");
    }

    private static void RecordMetrics(string cardPath, List<EvalRow> rows, string command)
    {
        var card = ModelCard.Read(cardPath);
        foreach (var (name, value) in MetricsOf(rows).ToList())
        {
            card.Metrics[name] = value?.DeepClone();
        }

        var commands = card.Training["metrics_commands"] as JsonArray ?? [];
        if (!commands.Any(c => c?.GetValue<string>() == command))
        {
            commands.Add(command);
        }

        card.Training["metrics_commands"] = commands;
        card.Write(cardPath, card.WeightsPath);
        Console.Error.WriteLine($"recorded test metrics in {cardPath}");
    }

    private static JsonObject MetricsOf(IEnumerable<EvalRow> rows)
    {
        var metrics = new JsonObject();
        foreach (var r in rows)
        {
            metrics[r.Name] = new JsonObject
            {
                ["performance"] = Metrics(r.Performance, r.PerformanceExpressiveness, r.Discriminator),
                ["score"] = Metrics(r.Score, r.ScoreExpressiveness),
            };
        }

        return metrics;
    }

    private static JsonObject Metrics(RegressionMetrics m, ExpressivenessStats? e, double discriminator = double.NaN)
    {
        var metrics = new JsonObject
        {
            ["mae"] = Math.Round(m.Mae, 4),
            ["rmse"] = Math.Round(m.Rmse, 4),
            ["pearson_r"] = double.IsNaN(m.Pearson) ? null : Math.Round(m.Pearson, 4),
            ["notes"] = m.Count,
        };
        if (e is not null)
        {
            metrics["std_ratio"] = double.IsNaN(e.StdRatio) ? null : Math.Round(e.StdRatio, 4);
            metrics["local_ratio"] = double.IsNaN(e.LocalRatio) ? null : Math.Round(e.LocalRatio, 4);
        }

        if (!double.IsNaN(discriminator))
        {
            metrics["discriminator_accuracy"] = Math.Round(discriminator, 4);
        }

        return metrics;
    }
}
