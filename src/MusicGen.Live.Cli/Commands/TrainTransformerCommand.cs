using System.CommandLine;
using System.Runtime.InteropServices;
using MusicGen.Live.Training.Common;
using MusicGen.Live.Training.PhraseTransformer;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen train transformer --config configs/training/phrase-transformer.json</c>: trains the phrase transformer on the
/// train split (resumes from the run folder's checkpoint; best-by-valid weights and card go to models/).
/// Ctrl+C or SIGTERM saves a checkpoint and stops.
/// </summary>
public static class TrainTransformerCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Config JSON with \"model\" and \"training\" sections.", DefaultValueFactory = _ => "configs/training/phrase-transformer.json" };
        var data = new Option<string>("--data") { Description = "Data folder (holds splits/split.csv).", DefaultValueFactory = _ => "../shared/data" };
        var command = new Command("transformer", "Train the phrase transformer (continuation model) on the train split; resumable.") { config, data };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var c = PhraseTrainingConfig.Load(parse.GetValue(config)!);
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            // SIGTERM (kill, nohup jobs ignore SIGINT) stops at the next step with a checkpoint, like Ctrl+C.
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                cancel.Cancel();
            });
            var progress = new ConsoleProgress(printEvery: 10);
            var summary = PhraseTrainer.Run(c, parse.GetValue(data)!, Console.Error.WriteLine, progress.Report, cancel.Token);
            Console.WriteLine($"steps={summary.Steps} best_valid_bits_per_event={summary.BestMetric:F4} stopped_early={summary.StoppedEarly} cancelled={summary.Cancelled}");
            return 0;
        }));
        return command;
    }
}
