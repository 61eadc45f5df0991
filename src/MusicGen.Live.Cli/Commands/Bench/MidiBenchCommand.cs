using System.CommandLine;
using MusicGen.Live.Bench.Runs;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary><c>musicgen bench midi</c>: the options of <see cref="MidiBench"/>, which measures and reports.</summary>
public static class MidiBenchCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "Folder to search for .mid files (default: ../shared/data beside the repository)." };
        var repeat = new Option<int>("--repeat") { Description = "Timed passes over the data set; the best is reported.", DefaultValueFactory = _ => 3 };
        var command = new Command("midi", "Read every MIDI file of the data set into notes on one core; report notes/s and bytes allocated per note.")
        {
            data, repeat,
        };
        command.SetAction(result => CliAction.Run(() =>
            MidiBench.Run(result.GetValue(data)?.FullName, result.GetValue(repeat), result.InvocationConfiguration.Output)));
        return command;
    }
}
