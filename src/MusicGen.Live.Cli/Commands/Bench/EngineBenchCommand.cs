using System.CommandLine;
using MusicGen.Live.Bench.Runs;
using MusicGen.Live.Cli.Live;
using MusicGen.Live.Engine.Config;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary>
/// <c>musicgen bench engine [--phrases N] [--velocity-model note|large|offline|contour] [--lookahead-ms MS] [--generator transformer|echo] [--runtime native|onnx]</c>:
/// the options of <see cref="EngineBench"/>, which measures and reports; stages from <see cref="StageFactory"/> on the chosen runtime.
/// </summary>
public static class EngineBenchCommand
{
    public static Command Create()
    {
        var phrases = new Option<int>("--phrases") { Description = "Phrases (8 notes and a pause) per mode.", DefaultValueFactory = _ => 4 };
        var model = new Option<string>("--velocity-model")
        {
            Description = "StyleNet the velocity stage runs: " + VelocityModel.Help,
            DefaultValueFactory = _ => VelocityModel.Default,
        };
        model.AcceptOnlyFromAmong([.. VelocityModel.Names]);
        var generator = new Option<string>("--generator") { Description = "What answers: transformer (the shipped model) or echo (the placeholder).", DefaultValueFactory = _ => "transformer" };
        generator.AcceptOnlyFromAmong("transformer", "echo");
        var target = new Option<string>("--output")
        {
            Description = "count (a port that only counts) or jack (a JACK port on a private server: timing error in frames).",
            DefaultValueFactory = _ => "count",
        };
        target.AcceptOnlyFromAmong("count", "jack");
        var ahead = new Option<double?>("--ahead-ms") { Description = "With --output jack: how far ahead the scheduler hands messages to JACK (default: the port's horizon; 0: when due)." };
        var period = new Option<int>("--period") { Description = "With --output jack: the private server's frames per cycle.", DefaultValueFactory = _ => 128 };
        var lookaheadMs = new Option<double>("--lookahead-ms") { Description = "The look-ahead mode's delay (humanize.lookaheadMs).", DefaultValueFactory = _ => new HumanizeOptions().LookaheadMs };
        var runtime = RuntimeChoice.RuntimeOption();
        var device = RuntimeChoice.DeviceOption();
        var command = new Command(
            "engine",
            "Live engine per mode: player latency, schedule error, trigger to first note, steady-state allocation.")
        {
            phrases, model, generator, target, ahead, period, lookaheadMs, runtime, device,
        };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var velocityModel = EngineConfigLoader.ParseVelocityModel(parse.GetValue(model)!, "command line", "--velocity-model");
            var generatorModel = EngineConfigLoader.ParseGenerator(parse.GetValue(generator)!, "command line", "--generator");
            var models = RuntimeChoice.From(parse, runtime, device);
            return EngineBench.Run(
                parse.GetValue(phrases),
                velocityModel,
                generatorModel,
                parse.GetValue(target) == "jack",
                parse.GetValue(ahead),
                parse.GetValue(period),
                parse.GetValue(lookaheadMs),
                o => StageFactory.Create(o, runtime: models));
        }));
        return command;
    }
}
