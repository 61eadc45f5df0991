using System.CommandLine;
using MusicGen.Live.Bench.Runs;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary><c>musicgen bench train</c>: the options of <see cref="TrainBench"/>, which measures and reports.</summary>
public static class TrainBenchCommand
{
    public static Command Create()
    {
        var threads = new Option<int>("--threads") { Description = "Worker threads for training (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var steps = new Option<int>("--steps") { Description = "Timed steps per model.", DefaultValueFactory = _ => 5 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed warm-up steps per model (JIT tiering and first-touch buffers settle in the first few).", DefaultValueFactory = _ => 5 };
        var model = new Option<string>("--model") { Description = "Which model: bilstm, transformer or all.", DefaultValueFactory = _ => "all" };
        var command = new Command("train", "Training throughput (tokens/s) of the Bi-LSTM and transformer reference models on random data.")
        {
            threads, steps, warmup, model,
        };
        command.SetAction(parse => CliAction.Run(() =>
            TrainBench.Run(parse.GetValue(threads), parse.GetValue(steps), parse.GetValue(warmup), parse.GetValue(model) ?? "all")));
        return command;
    }
}
