using System.CommandLine;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Training.PhraseTransformer;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen eval transformer --split test</c>: NLL per event (bits, total and per field) of the shipped phrase
/// model and of each baseline on the same events, then continuation statistics next to the human continuation.
/// </summary>
public static class EvalTransformerCommand
{
    public static Command Create()
    {
        var split = new Option<string>("--split") { Description = "Split to score: test or valid.", DefaultValueFactory = _ => "test" };
        var model = new Option<string>("--model") { Description = "Model path stem (NAME.safetensors + NAME.json).", DefaultValueFactory = _ => "models/phrase-transformer" };
        var data = new Option<string>("--data") { Description = "Data folder (holds splits/split.csv).", DefaultValueFactory = _ => "../shared/data" };
        var maxEvents = new Option<int>("--max-events") { Description = "Score events 30..N of each file.", DefaultValueFactory = _ => 512 };
        var prompts = new Option<int>("--prompts") { Description = "Number of prompts to continue, cut from the split's performances.", DefaultValueFactory = _ => new PhraseEvalOptions().Prompts };
        var promptSeconds = new Option<double>("--prompt-seconds")
        {
            Description = "Length of each prompt (seconds of performance).",
            DefaultValueFactory = _ => new PhraseEvalOptions().PromptSeconds,
        };
        var continuationSeconds = new Option<double>("--continuation-seconds")
        {
            Description = "Continuations are compared over the notes starting within this many seconds of the prompt's last onset.",
            DefaultValueFactory = _ => new PhraseEvalOptions().ContinuationSeconds,
        };
        var seeds = new Option<int>("--seeds") { Description = "Continuations per prompt and mode, each with its own seed.", DefaultValueFactory = _ => new PhraseEvalOptions().Seeds };
        var lstmSteps = new Option<int>("--lstm-steps")
        {
            Description = "Most training steps of the LSTM baseline (early-stopped on valid; trained once in --lstm-run, then reused).",
            DefaultValueFactory = _ => new PhraseEvalOptions().LstmSteps,
        };
        var lstmRun = new Option<string>("--lstm-run") { Description = "Run folder of the LSTM baseline.", DefaultValueFactory = _ => new PhraseEvalOptions().LstmRunDir };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => new PhraseEvalOptions().Threads };
        var noCard = new Option<bool>("--no-card") { Description = "Do not write the test figures into the model card." };
        var only = new Option<bool>("--continuations", "--continuations-only")
        {
            Description = "Only the continuation statistics against the players' own continuations (no NLL, no baseline training).",
        };
        var temperature = new Option<string?>("--temperature") { Description = "Continuation temperatures per field, e.g. shift=1.1,pitch=0.9 (default: those of continue)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the continuations (prompt k uses seed + k).", DefaultValueFactory = _ => new PhraseEvalOptions().Seed };
        var topP = new Option<string?>("--top-p") { Description = "Continuation top-p per field, e.g. shift=0.95 (default: those of continue)." };
        var baselinesFrom = new Option<string?>("--baselines-from")
        {
            Description = "Reuse the baseline figures recorded in this model card (same split and events) instead of fitting the baselines; only the model is scored.",
        };
        var perDataset = new Option<bool>("--per-dataset")
        {
            Description = "Bits per event on each data set's split (nasap, pop909, pianomidide), each styled model fed that set's style, "
                + "next to --compare models and the LSTM composer of --lstm-run (no baseline fitting, no continuations).",
        };
        var compare = new Option<string[]>("--compare")
        {
            Description = "With --per-dataset: further model stems scored on the same events (e.g. the previously shipped model).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("transformer", "Score the phrase transformer and its baselines (NLL bits/event per field) and continuation statistics.")
        {
            split,
            model,
            data,
            maxEvents,
            prompts,
            promptSeconds,
            continuationSeconds,
            seeds,
            lstmSteps,
            lstmRun,
            threads,
            noCard,
            only,
            temperature,
            topP,
            seed,
            baselinesFrom,
            perDataset,
            compare,
        };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var s = parse.GetValue(split)!;
            if (s is not ("test" or "valid"))
            {
                throw new ArgumentException($"--split must be test or valid, got '{s}'");
            }

            var options = new PhraseEvalOptions
            {
                Split = s,
                ModelStem = parse.GetValue(model)!,
                DataRoot = parse.GetValue(data)!,
                MaxEventsPerFile = parse.GetValue(maxEvents),
                Prompts = parse.GetValue(prompts),
                PromptSeconds = parse.GetValue(promptSeconds),
                ContinuationSeconds = parse.GetValue(continuationSeconds),
                Seeds = parse.GetValue(seeds),
                LstmSteps = parse.GetValue(lstmSteps),
                LstmRunDir = parse.GetValue(lstmRun)!,
                Threads = parse.GetValue(threads),
                UpdateCard = !parse.GetValue(noCard),
                ContinuationsOnly = parse.GetValue(only),
                Temperatures = parse.GetValue(temperature),
                TopP = parse.GetValue(topP),
                Seed = parse.GetValue(seed),
                BaselinesFrom = parse.GetValue(baselinesFrom),
            };
            if (options.Prompts < 1 || options.Seeds < 1 || !(options.PromptSeconds > 0) || !(options.ContinuationSeconds > 0))
            {
                throw new ArgumentException("--prompts and --seeds must be ≥ 1, --prompt-seconds and --continuation-seconds > 0");
            }

            if (parse.GetValue(perDataset))
            {
                PhraseDatasetEvaluator.Run(options, parse.GetValue(compare) ?? [], Console.WriteLine);
                return 0;
            }

            var live = new LiveContinuationSource(options.ModelStem, new PhraseSamplingSettings().ParseTemperatures(options.Temperatures).ParseTopP(options.TopP));
            PhraseEvaluator.Run(options, Console.WriteLine, [live]);
            if (options.ContinuationsOnly)
            {
                Console.WriteLine(live.EndSummary());
            }
            return 0;
        }));
        return command;
    }
}
