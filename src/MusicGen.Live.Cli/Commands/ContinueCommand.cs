using System.CommandLine;
using System.Globalization;
using MusicGen.Live.Midi;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen continue PROMPT.mid OUT.mid</c>: feeds the prompt's notes and pedal into the phrase transformer and
/// writes the prompt followed by the sampled continuation, on a track of its own.
/// </summary>
public static class ContinueCommand
{
    public static Command Create()
    {
        var prompt = new Argument<string>("prompt") { Description = "MIDI file whose notes and pedal are the context." };
        var output = new Argument<string>("output") { Description = "MIDI file to write: the prompt's tracks plus a continuation track." };
        var events = new Option<int?>("--events") { Description = "Number of events to generate (default 64 unless --seconds is given)." };
        var seconds = new Option<double?>("--seconds") { Description = "Generate until the continuation lasts this many seconds." };
        var seed = new Option<ulong>("--seed") { Description = "Random seed (same seed, same continuation).", DefaultValueFactory = _ => 1 };
        var temperature = new Option<string?>("--temperature") { Description = "Per-field temperatures, e.g. pitch=0.9,velocity=1.2 (fields: shift, kind, pitch, duration, velocity)." };
        var topP = new Option<string?>("--top-p") { Description = "Per-field top-p, e.g. pitch=0.9,shift=0.95." };
        var style = new Option<string>("--style")
        {
            Description = "Style to continue in: classical, pop, or none (needs a style-conditioned model for classical or pop).",
            DefaultValueFactory = _ => "none",
        };
        var model = new Option<string>("--model") { Description = "Model path stem (NAME.safetensors + NAME.json).", DefaultValueFactory = _ => PhraseTransformerFile.DefaultStem };
        var runtime = RuntimeChoice.RuntimeOption();
        var device = RuntimeChoice.DeviceOption();
        var command = new Command("continue", "Continue a MIDI phrase with the phrase transformer; the continuation goes on its own track.")
        {
            prompt, output, events, seconds, seed, temperature, topP, style, model, runtime, device,
        };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var count = parse.GetValue(events);
            var duration = parse.GetValue(seconds);
            if (count is not null && duration is not null)
            {
                throw new ArgumentException("give --events or --seconds, not both");
            }

            if (count is <= 0 or > 100_000 || duration is <= 0 or > 3600)
            {
                throw new ArgumentException("--events must be in 1..100000 and --seconds in (0, 3600]");
            }

            var settings = new PhraseSamplingSettings().ParseTemperatures(parse.GetValue(temperature)).ParseTopP(parse.GetValue(topP));
            var promptPath = parse.GetValue(prompt)!;
            var file = MidiFile.Read(promptPath, ReadingSettings.Lenient);
            var context = PhraseMidi.ReadEvents(file);
            if (context.Count == 0)
            {
                throw new InvalidDataException($"{promptPath}: no notes or pedal events to continue");
            }

            var decoder = RuntimeChoice.From(parse, runtime, device).PhraseDecoder(parse.GetValue(model)!);
            if (decoder is not NativePhraseDecoder)
            {
                Console.Error.WriteLine($"continue: runtime {decoder.Runtime}");
            }

            var styleText = parse.GetValue(style);
            var styleIndex = PhraseRunState.NoStyle;
            if (styleText != "none")
            {
                if (!StyleNames.TryParse(styleText, out var chosen))
                {
                    throw new ArgumentException($"--style must be none, {StyleNames.List}, not '{styleText}'");
                }

                if (decoder.Config.Styles == 0)
                {
                    throw new ArgumentException($"--style {styleText}: the model {parse.GetValue(model)}.json has no style conditioning (its config has no styles); use --style none");
                }

                styleIndex = (int)chosen;
            }

            var generator = new PhraseGenerator(decoder, parse.GetValue(seed)) { Style = styleIndex };
            foreach (var e in context)
            {
                generator.Observe(e);
            }

            var start = generator.Time;
            var sampled = PhraseContinuation.Sample(generator, settings, count, duration);

            PhraseMidi.AddTrack(file, sampled.ToArray(), start, "phrase-transformer continuation");
            file.Write(parse.GetValue(output)!);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"continued {context.Count} prompt events{(styleIndex == PhraseRunState.NoStyle ? string.Empty : " in style " + styleText)} "
                    + $"with {sampled.Count} events ({sampled.Count(e => e.Kind == PhraseEventKind.Note)} notes, {generator.Time - start:F1} s) → {parse.GetValue(output)}"));
            return 0;
        }));
        return command;
    }
}
