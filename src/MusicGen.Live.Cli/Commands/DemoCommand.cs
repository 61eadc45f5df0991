using System.CommandLine;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen demo</c>: the README's first command. Until the live engine lands it says so and exits
/// non-zero rather than pretending to run.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Start a private JACK server, play a shipped phrase into the engine, record, render and plot the answer.");
        command.SetAction(_ => CliAction.Run(() =>
        {
            Console.Error.WriteLine("musicgen: demo is not available yet: the live engine (issue 7) has not landed. Try 'musicgen --help' for what works today.");
            return 2;
        }));
        return command;
    }
}
