using MusicGen.Live.Engine.Continuation;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Training.PhraseTransformer;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// The live column of <c>eval transformer --continuations</c>: each prompt played through the engine's processor and
/// scheduler in simulated time (<see cref="LiveReplay"/>), call-and-response with humanize off, sampling with the same
/// per-field settings as file mode, decoding in the engine's precision. The answer is what the scheduler sent.
/// Lives in the command line because Training does not reference the engine. Threading: one thread at a time.
/// </summary>
public sealed class LiveContinuationSource(string modelStem, PhraseSamplingSettings settings) : IContinuationSource
{
    private readonly long[] _ended = new long[Enum.GetValues<ContinuationEnd>().Length];
    private readonly long[] _silent = new long[Enum.GetValues<ContinuationEnd>().Length];
    private int _noAnswer;
    private PhraseTransformerModel? _model;

    public string Name => "live";

    public IReadOnlyList<PhraseEvent> Continue(IReadOnlyList<PhraseEvent> prompt, double seconds, ulong seed)
    {
        // Loaded once, on first use: the engine's compact decode (int8 or bf16) switches the model's projections, so it gets its own copy.
        _model ??= PhraseTransformerGenerator.ForEngine(PhraseTransformerFile.Load(modelStem).Model);
        var generator = new PhraseTransformerGenerator(_model, seed);
        var engine = new LiveReplayOptions { Generator = generator, AnswerSeconds = seconds }.EngineOrDefault();
        engine.Sampling = SamplingSettings.From(settings);
        var (answer, metrics) = LiveReplay.Run(prompt, new LiveReplayOptions { Generator = generator, Engine = engine });
        _noAnswer += metrics.Continuations == 0 ? 1 : 0;
        foreach (var reason in Enum.GetValues<ContinuationEnd>())
        {
            _ended[(int)reason] += metrics.ContinuationsEnded(reason);
            _silent[(int)reason] += metrics.SilentContinuations(reason);
        }

        return answer;
    }

    /// <summary>How the replayed answers ended, by reason (silent ones in brackets), and the prompts that started none.</summary>
    public string EndSummary() =>
        $"live: answers ended {string.Join(", ", Enum.GetValues<ContinuationEnd>().Where(r => _ended[(int)r] > 0).Select(r => $"{r}: {_ended[(int)r]} ({_silent[(int)r]} silent)"))}; "
            + $"{_noAnswer} prompt(s) started no answer";
}
