using System.CommandLine;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.Evaluation;
using MusicGen.Live.Training.Shipping;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen eval</c>: parent of the evaluation verbs. <c>eval stylenet --split test</c> prints one table of
/// MAE, RMSE and Pearson r on nasap for the baselines and the StyleNet models, in performance and score timing
/// (<see cref="StyleNetEvaluation"/>). With <c>--ship</c> it also ships the evaluated run weights into models/ with a
/// model card holding these test metrics (<see cref="StyleNetShipping"/>).
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
        var precision = new Option<string>("--precision")
        {
            Description = "LSTM weight format of a single streaming note model's rows: fp32 (the reference), bf16 or int16 (what the live engine "
                + "runs, by CPU: StyleNetVelocityStage.PrecisionFor).",
            DefaultValueFactory = _ => "fp32",
        };
        var anotherPianist = new Option<bool>("--another-pianist")
        {
            Description = "Also run the note model's rows over exactly what the 'another pianist' reference rows cover: the performances "
                + "with another performance of their score, and the notes both pianists played (a reference measurement; not with --ship).",
        };
        var command = new Command(
            "stylenet",
            "Velocity MAE / RMSE / Pearson r and expressiveness (std and local-variation ratios to the pianist's) of baselines and StyleNet models on nasap, performance and score timing.")
        {
            config, split, note, article, lookahead, ship, only, bounded, expression, window, shape, precision, anotherPianist,
        };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var cfg = StyleNetTrainingConfig.Load(parse.GetValue(config)!);
            var options = new StyleNetEvalOptions
            {
                ConfigPath = parse.GetValue(config)!,
                Split = parse.GetValue(split)!,
                NotePaths = parse.GetValue(note)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                ArticlePath = parse.GetValue(article)!,
                LookaheadMs = parse.GetValue(lookahead),
                WithinLookahead = parse.GetValue(bounded),
                RowsPattern = parse.GetValue(only),
                Expression = parse.GetValue(expression),
                ExpressionWindow = parse.GetValue(window),
                ExpressionShapeText = parse.GetValue(shape),
                ShipFolder = parse.GetValue(ship),
                Precision = parse.GetValue(precision) switch
                {
                    "fp32" => StyleNetPrecision.Fp32,
                    "bf16" => StyleNetPrecision.Bf16,
                    "int16" => StyleNetPrecision.Int16,
                    var other => throw new ArgumentException($"--precision must be fp32, bf16 or int16, not '{other}'"),
                },
                AnotherPianist = parse.GetValue(anotherPianist),
            };

            // Checked before the evaluation, which takes minutes.
            options.Validate();
            var result = StyleNetEvaluation.Run(cfg, options, Console.Error);
            StyleNetEvalTable.Write(Console.Out, result.Rows, options.Split);
            StyleNetShipping.Ship(cfg, options, result, Console.Error);
            return 0;
        }));
        return command;
    }
}
