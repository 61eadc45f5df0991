using System.CommandLine;
using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Training.Common;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen train</c>: parent of the training verbs. <c>train stylenet</c> trains the note-level (default)
/// or article StyleNet from configs/training/stylenet.json, resuming from the run folder's checkpoint unless --fresh;
/// Ctrl+C saves a checkpoint and exits. Other models add their own sub-verb file (e.g. <c>train transformer</c>).
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Train a model (resumable from checkpoints under runs/, progress shown, curves logged).");
        command.Subcommands.Add(StyleNet());
        command.Subcommands.Add(TrainTransformerCommand.Create());
        return command;
    }

    private static Command StyleNet()
    {
        var config = new Option<string>("--config") { Description = "Training config (JSON).", DefaultValueFactory = _ => "configs/training/stylenet.json" };
        var model = new Option<string>("--model")
        {
            Description = "Which StyleNet: note (note-level, the engine's) or article (the piano roll StyleNet the article describes).",
            DefaultValueFactory = _ => "note",
        };
        var fresh = new Option<bool>("--fresh") { Description = "Ignore an existing checkpoint and start over." };
        var command = new Command("stylenet", "Train StyleNet on nasap train (+ pop909 for the pop style), early-stopped on nasap valid.") { config, model, fresh };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var cfg = StyleNetTrainingConfig.Load(parse.GetValue(config)!);
            var which = parse.GetValue(model);
            if (which is not ("note" or "article"))
            {
                throw new ArgumentException($"--model must be note or article, not '{which}'");
            }

            var pieces = StyleNetDataCache.LoadOrBuild(cfg.Cache, cfg.Data, cfg.Threads, Console.Error);
            using var cts = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cts.Cancel();
            };
            var progress = new ConsoleProgress();
            var (task, options) = which == "note" ? Note(cfg, pieces, parse.GetValue(fresh)) : Article(cfg, pieces, parse.GetValue(fresh));
            var summary = new TrainingLoop(task, options, progress.Report).Run(cts.Token);
            Console.Error.WriteLine();
            Console.WriteLine($"epochs={summary.EpochsDone} steps={summary.Steps} best_{task.MetricName}={summary.BestMetric:0.000} "
                + $"best_epoch={summary.BestEpoch + 1} stopped_early={summary.StoppedEarly} cancelled={summary.Cancelled} "
                + $"best={summary.BestWeightsPath}");
            return 0;
        }));
        return command;
    }

    private static (ITrainingTask Task, TrainingOptions Options) Note(StyleNetTrainingConfig cfg, IReadOnlyList<StyleNetPiece> pieces, bool fresh)
    {
        var n = cfg.Note;
        var task = new NoteStyleNetTask(n, pieces, cfg.Threads);
        Console.Error.WriteLine(task.ToString());
        return (task, new TrainingOptions
        {
            RunDirectory = n.RunDir,
            MaxEpochs = n.Epochs,
            StepsPerEpoch = n.StepsPerEpoch,
            Patience = n.Patience,
            CheckpointEverySteps = n.CheckpointEvery,
            Adam = new AdamOptions { LearningRate = n.LearningRate },
            WarmupSteps = n.Warmup,
            MinLearningRateFraction = n.MinLearningRateFraction,
            ClipNorm = n.Clip,
            Seed = n.Seed,
            KeepEpochWeights = n.KeepEpochWeights,
            Threads = cfg.Threads,
            Resume = !fresh,
        });
    }

    private static (ITrainingTask Task, TrainingOptions Options) Article(StyleNetTrainingConfig cfg, IReadOnlyList<StyleNetPiece> pieces, bool fresh)
    {
        var s = cfg.Article;
        var task = new ArticleStyleNetTask(s, pieces, cfg.Threads);
        Console.Error.WriteLine(task.ToString());
        return (task, new TrainingOptions
        {
            RunDirectory = s.RunDir,
            MaxEpochs = s.Epochs,
            StepsPerEpoch = s.StepsPerEpoch,
            Patience = s.Patience,
            CheckpointEverySteps = s.CheckpointEvery,
            Adam = new AdamOptions { LearningRate = s.LearningRate },
            ClipNorm = 1.0,
            Seed = s.Seed,
            Threads = cfg.Threads,
            Resume = !fresh,
        });
    }
}
