using System.CommandLine;
using MusicGen.Live.Bench.Runs;
using MusicGen.Live.Cli.Live;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary><c>musicgen bench flood</c>: the options of <see cref="FloodBench"/>, which measures and reports; stages from <see cref="StageFactory"/>.</summary>
public static class FloodBenchCommand
{
    public static Command Create()
    {
        var rate = new Option<int>("--rate") { Description = "Messages a second (half note-ons, half note-offs).", DefaultValueFactory = _ => 20_000 };
        var seconds = new Option<double>("--seconds") { Description = "How long the flood lasts.", DefaultValueFactory = _ => 60 };
        var command = new Command("flood", "Flood the live engine through JACK: memory, drops and hanging notes under load.") { rate, seconds };
        command.SetAction(parse => CliAction.Run(() => FloodBench.Run(parse.GetValue(rate), parse.GetValue(seconds), o => StageFactory.Create(o))));
        return command;
    }
}
