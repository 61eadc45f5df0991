using System.CommandLine;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Smf;
using MusicGen.Live.Models;
using MusicGen.Live.Models.StyleNet;
using Spectre.Console;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen humanize IN OUT</c>: gives a MIDI file (or every .mid/.midi under a folder, mirrored into OUT,
/// with a progress bar) StyleNet velocities. Only note-on velocities change; every other event stays as it was.
/// Files default to the ensemble (five large note models and the whole-file one, the whole-file one weighted 3 to their
/// 1 each): a file has no per-note time budget, so it gets what scored best on nasap valid for files (performance and
/// score timing), while the engine keeps the one model that fits its real-time budget (models/stylenet-note.json).
/// <c>--within-lookahead</c> bounds any model to <c>--lookahead-ms</c> (a whole-file member runs its backward direction
/// within each note's look-ahead): nothing later in the file then changes a note's velocity, as when a sequencer or DAW
/// streams the part that far ahead.
/// </summary>
public static class HumanizeCommand
{
    /// <summary>The model files get unless <c>--model</c> says otherwise.</summary>
    public const string DefaultModel = "ensemble";

    /// <summary>
    /// The feature window the file ensemble (the default) gets unless <c>--lookahead-ms</c> or <c>--within-lookahead</c>
    /// says otherwise. It reads the rest of the file anyway, so the window only sets how many later notes its features
    /// spell out; 2 s, the longest window trained, scored better than 1 s on nasap valid (figures and the command in
    /// docs/training-history.md), and the ensemble's later members and weights were chosen at 2 s.
    /// </summary>
    public const int WholeFileWindowMs = 2000;

    /// <summary>The look-ahead every other model gets by default: about a second, what a sequencer or DAW would stream ahead.</summary>
    public const int DefaultLookaheadMs = 1000;

    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "MIDI file or folder." };
        var output = new Argument<string>("OUT") { Description = "Output file (or folder when IN is a folder)." };
        var model = new Option<string>("--model")
        {
            Description = string.Join(", ", ModelCatalog.Velocity.Select(e => $"{e.Name} ({e.Summary})")) + ".",
            DefaultValueFactory = _ => DefaultModel,
        };
        var style = new Option<string>("--style") { Description = "classical or pop.", DefaultValueFactory = _ => "classical" };
        var lookahead = new Option<int?>("--lookahead-ms")
        {
            Description = "Look-ahead of the note model, 0–2000 ms (0 = causal, as live); "
                + "default 1000, or 2000 for the file ensemble unless --within-lookahead "
                + "(it reads the whole file: the window only sets its features).",
        };
        var amount = new Option<float>("--amount") { Description = "How far to move each velocity toward StyleNet's, 0–1.", DefaultValueFactory = _ => 1f };
        var beats = new Option<string>("--beats")
        {
            Description = "on: read beat phase from the file's ticks (a sequencer's grid); off: ignore it; "
                + "auto: on with look-ahead, off when causal (what scored best on nasap valid).",
            DefaultValueFactory = _ => "auto",
        };
        var dynamics = new Option<string>("--input-dynamics")
        {
            Description = "auto: when the file's velocities vary, the note model performs them (a programmed crescendo stays one); "
                + "on: always; off: velocities from timing and pitch alone. Models from before this option ignore it.",
            DefaultValueFactory = _ => "auto",
        };
        var bounded = new Option<bool>("--within-lookahead")
        {
            Description = "No note reads later notes beyond --lookahead-ms, whatever the model "
                + "(the whole-file member then runs its backward direction within each note's look-ahead).",
        };
        var expression = new Option<float>("--expression")
        {
            Description = $"How far to restore a pianist's dynamic range, 0–{VelocityExpression.Max}: "
                + "0 = the model's own velocities (lowest error, flatter than a pianist), 1 = the range chosen on nasap valid. "
                + "Note models only.",
            DefaultValueFactory = _ => VelocityExpression.Default,
        };
        var shape = new Option<string>("--expression-shape")
        {
            Description = "uniform (default): one scale for every deviation; sampled: plus an unpredictable part drawn per note "
                + "(docs/expression.md); or \"scale,pitch,chord,noise,correlation\" as eval stylenet takes it.",
            DefaultValueFactory = _ => "uniform",
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of the expression's sampled part: the same file, settings and seed give the same output.",
            DefaultValueFactory = _ => 0,
        };
        var models = new Option<string>("--models-dir")
        {
            Description = "Folder with the shipped model cards (default: models/ beside the program, whatever the working directory).",
            DefaultValueFactory = _ => ShippedFiles.PathOf("models"),
        };
        var runtime = RuntimeChoice.RuntimeOption();
        var device = RuntimeChoice.DeviceOption();
        var command = new Command("humanize", "Give a MIDI file (or a folder of them) human velocities with StyleNet; nothing else changes.")
        {
            input, output, model, style, lookahead, amount, beats, dynamics, bounded, expression, shape, seed, models, runtime, device,
        };
        command.SetAction(parse => CliAction.Run(() =>
        {
            if (!StyleNames.TryParse(parse.GetValue(style), out var styleValue))
            {
                throw new ArgumentException($"--style must be {StyleNames.List}, not '{parse.GetValue(style)}'");
            }

            var within = parse.GetValue(bounded);
            var ms = parse.GetValue(lookahead)
                ?? (parse.GetValue(model) == "ensemble" && !within ? WholeFileWindowMs : DefaultLookaheadMs);
            var options = new MidiHumanizerOptions
            {
                Style = styleValue,
                LookaheadSeconds = ms / 1000f,
                Amount = parse.GetValue(amount),
                UseBeats = parse.GetValue(beats) switch
                {
                    "on" => true,
                    "off" => false,
                    "auto" => ms > 0,
                    var b => throw new ArgumentException($"--beats must be auto, on or off, not '{b}'"),
                },
                InputDynamics = parse.GetValue(dynamics) switch
                {
                    "auto" => InputDynamicsMode.Auto,
                    "on" => InputDynamicsMode.On,
                    "off" => InputDynamicsMode.Off,
                    var d => throw new ArgumentException($"--input-dynamics must be auto, on or off, not '{d}'"),
                },
            };
            options.Validate();
            var expressionValue = parse.GetValue(expression);
            VelocityExpression.Validate(expressionValue);
            var shapeValue = ExpressionShape.Parse(parse.GetValue(shape)!);
            var dir = parse.GetValue(models)!;
            var choice = RuntimeChoice.From(parse, runtime, device);
            var entry = ModelCatalog.Find(parse.GetValue(model)!);
            MidiHumanizer.VelocityModel velocityModel = choice.Runtime == Engine.Config.ModelRuntime.Onnx
                ? OnnxNoteModel(choice, entry, dir, options, within, expressionValue, shapeValue, parse.GetValue(seed))
                : entry.Load is { } load
                    ? NoteModel(load(ModelCatalog.CardPath(dir, entry)), options, within, expressionValue, shapeValue, parse.GetValue(seed))
                    : ArticleModel(ModelCatalog.LoadArticle(dir), options, expressionValue);
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            if (Directory.Exists(inPath))
            {
                return Folder(inPath, outPath, velocityModel, options);
            }

            if (!File.Exists(inPath))
            {
                throw new FileNotFoundException($"input {inPath} not found");
            }

            var changed = One(inPath, outPath, velocityModel, options);
            Console.WriteLine($"{outPath}: {changed} velocities changed");
            return 0;
        }));
        return command;
    }

    // Only the streaming note models have an ONNX step: --model note or large, named explicitly.
    private static MidiHumanizer.VelocityModel OnnxNoteModel(
        RuntimeChoice choice, VelocityModelEntry entry, string dir, MidiHumanizerOptions options, bool within, float expression, ExpressionShape shape, ulong seed)
    {
        var onnx = choice.OnnxNoteModel(entry, ModelCatalog.CardPath(dir, entry));
        Console.Error.WriteLine($"humanize: runtime {onnx.Runtime}");
        return NoteModel(onnx, options, within, expression, shape, seed);
    }

    private static MidiHumanizer.VelocityModel NoteModel(INoteVelocityModel model, MidiHumanizerOptions o, bool withinLookahead, float expression, ExpressionShape shape, ulong seed)
    {
        if (withinLookahead)
        {
            model = model.WithinLookahead();
        }

        if (expression > 0)
        {
            // Around the centred local mean for a whole-file model, around past notes for a bounded one (see ExpressiveVelocityModel).
            model = new ExpressiveVelocityModel(model, expression, shape, seed);
        }

        if (model.ReadsWholeFile && o.LookaheadSeconds == 0)
        {
            // Said, not refused: the file still gets its best velocities, but the user asked for what a live player would get.
            Console.Error.WriteLine("humanize: this model reads the whole file whatever the look-ahead; for causal velocities (as live) add --within-lookahead, or use --model large or --model note");
        }

        return (notes, _, v) => model.Predict(notes, o.LookaheadSeconds, o.Style, v);
    }

    private static MidiHumanizer.VelocityModel ArticleModel(ArticleStyleNet model, MidiHumanizerOptions o, float expression)
    {
        if (expression > 0)
        {
            Console.Error.WriteLine("humanize: --expression applies to the note models; the article model's velocities are its own");
        }

        return (notes, sixteenth, v) => model.Predict(notes, sixteenth, o.Style, v);
    }

    private static int One(string inPath, string outPath, MidiHumanizer.VelocityModel model, MidiHumanizerOptions options)
    {
        var file = MidiFile.Read(inPath, ReadingSettings.Lenient);
        var changed = MidiHumanizer.Apply(file, model, options);
        var dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        file.Write(outPath);
        return changed;
    }

    private static int Folder(string inDir, string outDir, MidiHumanizer.VelocityModel model, MidiHumanizerOptions options)
    {
        var files = MidiFolder.Files(inDir);
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"no .mid or .midi files under {inDir}");
        }

        var failed = new List<string>();
        long changed = 0;
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(ctx =>
        {
            var task = ctx.AddTask("humanizing", maxValue: files.Length);
            foreach (var f in files)
            {
                try
                {
                    changed += One(f, Path.Combine(outDir, Path.GetRelativePath(inDir, f)), model, options);
                }
                catch (Exception ex) when (ex is MidiFormatException or IOException or InvalidOperationException)
                {
                    failed.Add($"{f}: {ex.Message}");
                }

                task.Increment(1);
            }
        });
        foreach (var f in failed)
        {
            Console.Error.WriteLine($"musicgen: skipped {f}");
        }

        Console.WriteLine($"{files.Length - failed.Count} of {files.Length} files humanized into {outDir}, {changed} velocities changed");
        return failed.Count == 0 ? 0 : 1;
    }
}
