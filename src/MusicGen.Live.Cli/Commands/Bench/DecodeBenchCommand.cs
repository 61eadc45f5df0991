using System.CommandLine;
using MusicGen.Live.Bench.Runs;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary><c>musicgen bench decode</c>: the options of <see cref="DecodeBench"/>, which measures and reports.</summary>
public static class DecodeBenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model path stem (NAME.safetensors + NAME.json).", DefaultValueFactory = _ => PhraseTransformerFile.DefaultStem };
        var steps = new Option<int>("--steps") { Description = "Timed decode steps per context (after filling the cache).", DefaultValueFactory = _ => 400 };
        var command = new Command("decode", "The shipped PhraseTransformer's decode step (the engine's path) at context 64/512/1024, single thread, fp32, bf16 and int8.") { model, steps };
        command.SetAction(parse => CliAction.Run(() => DecodeBench.Run(parse.GetValue(model)!, parse.GetValue(steps))));
        return command;
    }
}
