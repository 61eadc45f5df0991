using MusicGen.Live.Cli.Commands;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Models.Onnx;

namespace MusicGen.Live.Cli.Live;

/// <summary>
/// Picks the velocity stage and phrase generator for the live engine: the shipped models by name from
/// <see cref="ModelCatalog"/> (a streaming velocity model, <see cref="VelocityModel.Names"/>, and the phrase transformer; checksums and shapes are checked, a bad file is an error), found relative to
/// the program (<see cref="ShippedFiles"/>), not the working directory. A placeholder (contour rules, phrase echo) runs
/// when asked for by name (<c>humanize.model "contour"</c>, <c>continuation.generator "echo"</c>), or, so the engine
/// still plays, when the engine's own model file is missing: then with a warning that names the file, which the
/// console, the ready line and the closing summary carry. Any other velocity model is only ever asked for by name, so
/// its card missing is an error.
/// </summary>
public static class StageFactory
{

    /// <summary>Both stages the options ask for, models read under <paramref name="root"/> (default: <see cref="ShippedFiles.Root"/>).</summary>
    /// <param name="runtime">What runs the models; when null, the options' <see cref="EngineOptions.Runtime"/> (the engine config's <c>runtime</c>) on the CPU.</param>
    public static LiveStages Create(EngineOptions options, string? root = null, RuntimeChoice? runtime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        root ??= ShippedFiles.Root;
        runtime ??= new RuntimeChoice(options.Runtime, OnnxDevice.Cpu);
        var warnings = new List<string>();
        var velocity = Velocity(options.Humanize, root, warnings, runtime);
        var generator = Generator(options.Continuation, root, warnings, runtime);
        return new LiveStages(velocity, generator, warnings);
    }

    /// <summary>The velocity stage for the humanize options (model and input dynamics); a fallback adds its warning to <paramref name="warnings"/>.</summary>
    /// <param name="runtime">What runs the model (native when null); see <see cref="RuntimeChoice"/>.</param>
    public static IVelocityStage Velocity(Engine.Config.HumanizeOptions humanize, string root, ICollection<string> warnings, RuntimeChoice? runtime = null)
    {
        ArgumentNullException.ThrowIfNull(humanize);
        ArgumentNullException.ThrowIfNull(warnings);
        if (humanize.Model == VelocityModel.Contour)
        {
            return new ContourVelocityStage();
        }

        var entry = ModelCatalog.Find(humanize.Model);
        if (!entry.Streams && !entry.StreamsWithinLookahead)
        {
            throw new ArgumentException($"humanize.model '{entry.Name}' does not stream note by note; the live engine runs {VelocityModel.List}");
        }

        var card = ModelCatalog.CardPath(Path.Combine(root, "models"), entry);
        if (!File.Exists(card))
        {
            if (humanize.Model != VelocityModel.Default)
            {
                throw new FileNotFoundException($"humanize.model '{entry.Name}' needs the shipped model card models/{entry.Card}, and {card} does not exist", card);
            }

            warnings.Add($"velocity model {card} is missing: the contour-rules placeholder (not a model) humanizes instead; "
                + "put the model there, or ask for the placeholder with --velocity-model contour (humanize.model \"contour\")");
            return new ContourVelocityStage();
        }

        // The bidirectional model runs within the look-ahead (look-ahead mode only, checked with the config); native only.
        if (!entry.Streams)
        {
            if (runtime is { Runtime: ModelRuntime.Onnx })
            {
                throw new ArgumentException(
                    $"humanize.model '{entry.Name}' runs natively only (no ONNX export of the windowed Bi-LSTM); drop --runtime onnx "
                    + $"or use {string.Join(" or ", ModelCatalog.Velocity.Where(e => e.HasOnnxStep).Select(e => e.Name))}");
            }

            var bidirectional = entry.Load?.Invoke(card) as OfflineNoteStyleNet
                ?? throw new ArgumentException($"humanize.model '{entry.Name}' streams within the look-ahead, but its loader gives no OfflineNoteStyleNet");
            return new StyleNetVelocityStage(bidirectional, StyleNetStyle.Classical, humanize.InputDynamics, (float)humanize.EffectiveExpression);
        }

        // The stage steps a NoteStyleNet's state note by note; a streaming catalog entry is one (its Load returns it).
        var model = entry.Load?.Invoke(card) as NoteStyleNet
            ?? throw new ArgumentException($"humanize.model '{entry.Name}' streams, but its loader gives no NoteStyleNet, which the live stage steps");
        return new StyleNetVelocityStage(model, StyleNetStyle.Classical, humanize.InputDynamics, (float)humanize.EffectiveExpression, (runtime ?? RuntimeChoice.Native).NoteStep(card, model));
    }

    /// <summary>The phrase generator for the continuation options; a fallback adds its warning to <paramref name="warnings"/>.</summary>
    /// <param name="runtime">What runs the model (native when null); see <see cref="RuntimeChoice"/>. The native runtime decodes
    /// at <see cref="PhraseTransformerGenerator.DecodePrecision"/> (integer dot products on x86: int8 weights, int16 activations, int8 KV cache; bfloat16 elsewhere);
    /// ONNX Runtime runs the exported float graphs.</param>
    public static IPhraseGenerator Generator(ContinuationOptions continuation, string root, ICollection<string> warnings, RuntimeChoice? runtime = null)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(warnings);
        if (continuation.Generator == GeneratorModel.Echo)
        {
            return new RecentPhraseEcho();
        }

        var stem = ModelCatalog.PhraseStem(Path.Combine(root, "models"));
        if (!File.Exists(stem + ".json"))
        {
            warnings.Add($"phrase model {stem}.json is missing: the recent-phrase echo placeholder (not a model) answers instead; "
                + "put the model there, or ask for the placeholder with --generator echo (continuation.generator \"echo\")");
            return new RecentPhraseEcho();
        }

        var seed = (ulong)Environment.TickCount64;
        var generator = runtime is { Runtime: ModelRuntime.Onnx }
            ? new PhraseTransformerGenerator(new PhraseGenerator(runtime.PhraseDecoder(stem), seed))
            : new PhraseTransformerGenerator(PhraseTransformerFile.Load(stem).Model, seed);
        if (continuation.Style is { } style && !generator.HasStyles)
        {
            throw new ArgumentException($"continuation.style {StyleNames.Name(style)}: the phrase model {stem}.json has no style conditioning; set it to \"none\" or use a style-conditioned model");
        }

        return generator;
    }
}
