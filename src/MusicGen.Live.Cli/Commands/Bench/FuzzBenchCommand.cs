using System.CommandLine;
using MusicGen.Live.Bench.Runs;
using MusicGen.Live.Cli.Live;
using MusicGen.Live.Engine.Config;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary><c>musicgen bench fuzz</c>: the options of <see cref="FuzzBench"/>, which feeds and reports; stages from <see cref="StageFactory"/>.</summary>
public static class FuzzBenchCommand
{
    public static Command Create()
    {
        var streams = new Option<long>("--streams") { Description = "Byte streams to feed.", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (a run is deterministic for a seed).", DefaultValueFactory = _ => 16 };
        var file = new Option<string>("--file") { Description = "Performance whose messages are mutated.", DefaultValueFactory = _ => FuzzBench.DefaultFile };
        var generator = new Option<string>("--generator") { Description = "Phrase generator: echo (the placeholder; fast) or transformer (the shipped model).", DefaultValueFactory = _ => "echo" };
        generator.AcceptOnlyFromAmong("echo", "transformer");
        var command = new Command("fuzz", "Feed the live path random and mutated MIDI byte streams: no exception, no hanging note, no allocation.") { streams, seed, file, generator };
        command.SetAction(parse => CliAction.Run(() => FuzzBench.Run(
            parse.GetValue(streams),
            parse.GetValue(seed),
            parse.GetValue(file)!,
            parse.GetValue(generator) == "transformer" ? GeneratorModel.Transformer : GeneratorModel.Echo,
            o => StageFactory.Create(o))));
        return command;
    }
}
