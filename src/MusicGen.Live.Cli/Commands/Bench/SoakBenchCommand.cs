using System.CommandLine;
using MusicGen.Live.Bench.Runs;
using MusicGen.Live.Cli.Live;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary><c>musicgen bench soak</c>: the options of <see cref="SoakBench"/>, which measures and reports; stages from <see cref="StageFactory"/>.</summary>
public static class SoakBenchCommand
{
    public static Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "How long to play.", DefaultValueFactory = _ => 10 };
        var file = new Option<string>("--file") { Description = "Performance to loop.", DefaultValueFactory = _ => FuzzBench.DefaultFile };
        var interval = new Option<double>("--interval-seconds") { Description = "Reporting interval.", DefaultValueFactory = _ => 60 };
        var command = new Command("soak", "Play a performance through the live engine in a loop: memory drift, gen-2 collections and latency p99 per minute.") { minutes, file, interval };
        command.SetAction(parse => CliAction.Run(() =>
            SoakBench.Run(parse.GetValue(minutes), parse.GetValue(file)!, parse.GetValue(interval), o => StageFactory.Create(o))));
        return command;
    }
}
