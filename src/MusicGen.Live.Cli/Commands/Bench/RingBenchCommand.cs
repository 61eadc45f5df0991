using System.CommandLine;
using MusicGen.Live.Bench.Runs;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary><c>musicgen bench ring</c>: the options of <see cref="RingBench"/>, which measures and reports.</summary>
public static class RingBenchCommand
{
    public static Command Create()
    {
        var items = new Option<int>("--items") { Description = "Items per throughput run.", DefaultValueFactory = _ => 2_000_000 };
        var samples = new Option<int>("--samples") { Description = "Messages per latency run.", DefaultValueFactory = _ => 20_000 };
        var command = new Command("ring", "SPSC ring vs Channel<T> (single reader/writer): throughput and per-message latency between two threads.")
        {
            items, samples,
        };
        command.SetAction(parse => CliAction.Run(() => RingBench.Run(parse.GetValue(items), parse.GetValue(samples))));
        return command;
    }
}
