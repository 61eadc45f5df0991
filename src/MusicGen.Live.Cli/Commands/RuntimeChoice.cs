using System.CommandLine;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Models.Onnx;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>--runtime native|onnx</c> and <c>--device cpu|cuda[:N]|auto</c>, shared by continue, humanize, live, demo and
/// the bench verbs, and the models each choice loads. ONNX graphs go through their cards' checks; a model with no
/// ONNX step (the file ensemble, the whole-file and article models) is an error that says so, never a quiet switch
/// back to the native runtime. What was used is printed.
/// </summary>
public sealed record RuntimeChoice(ModelRuntime Runtime, OnnxDevice Device)
{
    public static RuntimeChoice Native { get; } = new(ModelRuntime.Native, OnnxDevice.Cpu);

    public static Option<string?> RuntimeOption() => new("--runtime")
    {
        Description = "What runs the models: native (the project's kernels) or onnx (ONNX Runtime on models/*.onnx). Default: native, or the engine config's runtime.",
    };

    public static Option<string?> DeviceOption() => new("--device")
    {
        Description = "With --runtime onnx: cpu (default), cuda, cuda:N (the CUDA build: ./run.sh build-gpu), or auto (CUDA GPU 0 if it starts, else the CPU, said so).",
    };

    /// <summary>The command line's choice, or <paramref name="fallback"/> (the engine config's) when it names none.</summary>
    public static RuntimeChoice From(ParseResult parse, Option<string?> runtime, Option<string?> device, ModelRuntime fallback = ModelRuntime.Native)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var r = parse.GetValue(runtime) is { } text ? EngineConfigLoader.ParseRuntime(text, "command line", "--runtime") : fallback;
        var d = parse.GetValue(device);
        if (d is not null && r != ModelRuntime.Onnx)
        {
            throw new ArgumentException($"--device {d} needs --runtime onnx (the native runtime runs on the CPU)");
        }

        return new RuntimeChoice(r, OnnxDevice.Parse(d));
    }

    /// <summary>The phrase model's decoder for <c>STEM.json</c> (+ safetensors or ONNX graphs) on this runtime.</summary>
    public IPhraseDecoder PhraseDecoder(string stem) => Runtime == ModelRuntime.Onnx
        ? OrtPhraseModel.Load(stem, Device).CreateDecoder()
        : new NativePhraseDecoder(PhraseTransformerFile.Load(stem).Model);

    /// <summary>A streaming note StyleNet's step on this runtime (the live engine's velocity stage; native at <see cref="StyleNetVelocityStage.PrecisionFor(NoteStyleNet)"/>).</summary>
    public INoteStyleNetStep NoteStep(string cardPath, NoteStyleNet native) => Runtime == ModelRuntime.Onnx
        ? OrtNoteStyleNet.Load(cardPath, Device).CreateStep()
        : new NoteStyleNetRunState(native.WithPrecision(StyleNetVelocityStage.PrecisionFor(native)));

    /// <summary>
    /// A streaming note StyleNet on ONNX Runtime for whole files (humanize); only a model whose catalog entry ships an
    /// ONNX step (<see cref="VelocityModelEntry.HasOnnxStep"/>) runs here, any other is an error naming the choice.
    /// </summary>
    public OrtNoteStyleNet OnnxNoteModel(VelocityModelEntry entry, string cardPath) => entry?.HasOnnxStep == true
        ? OrtNoteStyleNet.Load(cardPath, Device)
        : throw new ArgumentException(
            $"--runtime onnx runs --model {string.Join(" or --model ", ModelCatalog.Velocity.Where(e => e.HasOnnxStep).Select(e => e.Name))}; "
            + $"'{entry?.Name}' (an ensemble, whole-file or grid model) runs on the native runtime only");
}
