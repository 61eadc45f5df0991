using System.CommandLine;
using MusicGen.Live.Bench.Runs;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary><c>musicgen bench phrase</c>: the options of <see cref="PhraseBench"/>, which measures and reports.</summary>
public static class PhraseBenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model path stem (NAME.safetensors + NAME.json).", DefaultValueFactory = _ => PhraseTransformerFile.DefaultStem };
        var steps = new Option<int>("--steps") { Description = "Timed events per context.", DefaultValueFactory = _ => 2000 };
        var command = new Command("phrase", "Phrase transformer cached decode: ms per event at contexts 256 and 1024, bytes allocated per step.") { model, steps };
        command.SetAction(parse => CliAction.Run(() => PhraseBench.Run(parse.GetValue(model)!, parse.GetValue(steps))));
        return command;
    }
}
