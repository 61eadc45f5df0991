using System.CommandLine;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen bench</c>: parent of the measurement verbs. Every bench verb ends its output with one
/// <c>name=value</c> line per figure (see <see cref="Live.Bench.Runs.BenchReport"/>).
/// The verbs parse their options here; what they measure and print lives in <c>bench/MusicGen.Live.Bench.Runs</c>.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed and latency; every verb ends with one name=value line per figure.");
        command.Subcommands.Add(Bench.MidiBenchCommand.Create());
        command.Subcommands.Add(Bench.LatencyBenchCommand.Create());
        command.Subcommands.Add(Bench.RingBenchCommand.Create());
        command.Subcommands.Add(Bench.DecodeBenchCommand.Create());
        command.Subcommands.Add(Bench.EngineBenchCommand.Create());
        command.Subcommands.Add(Bench.TrainBenchCommand.Create());
        command.Subcommands.Add(Bench.PhraseBenchCommand.Create());
        command.Subcommands.Add(Bench.StyleNetBenchCommand.Create());
        command.Subcommands.Add(Bench.FuzzBenchCommand.Create());
        command.Subcommands.Add(Bench.FloodBenchCommand.Create());
        command.Subcommands.Add(Bench.SoakBenchCommand.Create());
        command.Subcommands.Add(Bench.SpeedBenchCommand.Create());
        return command;
    }
}
