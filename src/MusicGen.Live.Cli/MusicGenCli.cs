using System.CommandLine;
using MusicGen.Live.Cli.Commands;

namespace MusicGen.Live.Cli;

/// <summary>Builds the <c>musicgen</c> command tree. Each verb lives in its own file under <c>Commands/</c>.</summary>
public static class MusicGenCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("MusicGen.Live: a real-time MIDI performance engine (humanize, continue, live).");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(HumanizeCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(ContinueCommand.Create());
        root.Subcommands.Add(LiveCommand.Create());
        root.Subcommands.Add(PlayCommand.Create());
        root.Subcommands.Add(PortsCommand.Create());
        root.Subcommands.Add(ThruCommand.Create());
        return root;
    }

    public static int Run(string[] args) => Build().Parse(args).Invoke();
}
