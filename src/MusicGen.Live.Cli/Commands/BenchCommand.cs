using System.CommandLine;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen bench</c>: parent of the measurement verbs. Every bench verb ends its output with one
/// <c>name=value</c> line per figure (see <see cref="BenchReport"/>).
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed and latency; every verb ends with one name=value line per figure.");
        command.Subcommands.Add(Bench.MidiBenchCommand.Create());
        command.Subcommands.Add(Bench.BenchLatencyCommand.Create());
        command.Subcommands.Add(Bench.BenchRingCommand.Create());
        command.Subcommands.Add(Bench.BenchDecodeCommand.Create());
        command.Subcommands.Add(Bench.BenchEngineCommand.Create());
        command.Subcommands.Add(Bench.BenchTrainCommand.Create());
        command.Subcommands.Add(Bench.BenchPhraseCommand.Create());
        command.Subcommands.Add(Bench.BenchStyleNetCommand.Create());
        command.Subcommands.Add(Bench.BenchFuzzCommand.Create());
        command.Subcommands.Add(Bench.BenchFloodCommand.Create());
        command.Subcommands.Add(Bench.BenchSoakCommand.Create());
        return command;
    }
}
