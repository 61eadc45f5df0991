using MusicGen.Live.Engine.Continuation;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.TestSupport;
using MusicGen.Live.Training.PhraseTransformer;
using Xunit.Abstractions;

namespace MusicGen.Live.Engine.Tests.Continuation;

/// <summary>
/// The shipped phrase model answering test-split phrases through the live engine (<see cref="LiveReplay"/>, simulated
/// time): every phrase is answered, in the phrase's register, and the live answers repeat pitch 4-grams no more than
/// half again as often as the same model sampling the same prompts as a file does (the engine adds no loops). The
/// players' own continuations are the target for the model (<see cref="Answers_loop_within_a_quarter_of_the_players"/>).
/// </summary>
public sealed class LiveReplayTests(ITestOutputHelper output)
{
    private const int Phrases = 50;
    private const double PromptSeconds = 12;
    private const double AnswerSeconds = 6;

    [Fact]
    public void Every_test_split_phrase_is_answered_in_its_register_and_the_engine_adds_no_loops() => Run(againstPlayers: false);

    /// <summary>The target. The shipped model misses it as a file too (file mode loops several times as often as the players).</summary>
    [Fact(Skip = "model target, not met by the shipped model even in file mode: see the other test's output")]
    public void Answers_loop_within_a_quarter_of_the_players() => Run(againstPlayers: true);

    private void Run(bool againstPlayers)
    {
        var (model, _) = PhraseTransformerFile.Load(RepoPaths.InRepo("models", "phrase-transformer"));
        var generator = new PhraseTransformerGenerator(model, seed: 11);
        var answers = new List<IReadOnlyList<PhraseEvent>>();
        var players = new List<IReadOnlyList<PhraseEvent>>();
        var pitchGaps = new List<double>();
        var fileMode = new List<IReadOnlyList<PhraseEvent>>();
        var sampler = new PhraseGenerator(PhraseTransformerGenerator.ForEngine(model), 11);
        foreach (var (prompt, continuation) in TestPhrases().Take(Phrases))
        {
            var (answer, metrics) = LiveReplay.Run(prompt, new LiveReplayOptions { Generator = generator, AnswerSeconds = AnswerSeconds });
            Assert.True(answer.Count > 0, $"phrase {answers.Count}: no answer ({metrics.ContinuationSummary()}, faults {metrics.Faults} {metrics.LastFault})");
            Assert.Equal(0, metrics.Faults);
            answers.Add(answer);
            players.Add(continuation);
            sampler.Reset();
            foreach (var e in prompt)
            {
                sampler.Observe(e);
            }

            var sampled = new List<PhraseEvent>();
            var t0 = sampler.Time;
            while (sampler.Time - t0 < AnswerSeconds && sampled.Count < 400)
            {
                var e = sampler.SampleNext(new PhraseSamplingSettings());
                if (sampler.Time - t0 < AnswerSeconds)
                {
                    sampled.Add(e);
                }
            }

            fileMode.Add(sampled);
            pitchGaps.Add(Math.Abs(answer.Average(e => e.Pitch) - prompt.Where(e => e.Kind == PhraseEventKind.Note).Average(e => e.Pitch)));
        }

        Assert.Equal(Phrases, answers.Count);
        var answerLoops = answers.Average(a => ContinuationStats.LoopRate(a));
        var playerLoops = players.Average(p => ContinuationStats.LoopRate(p));
        output.WriteLine($"file mode: notes {fileMode.Average(a => a.Count(e => e.Kind == PhraseEventKind.Note)):0.0}, "
            + $"loop rate {fileMode.Average(a => ContinuationStats.LoopRate(a)):0.000}; "
            + $"players notes {players.Average(a => a.Count(e => e.Kind == PhraseEventKind.Note)):0.0}");
        output.WriteLine($"{Phrases} phrases: answer notes mean {answers.Average(a => a.Count):0.0}, loop rate answers {answerLoops:0.000} vs players {playerLoops:0.000}, "
            + $"|mean pitch − prompt's| mean {pitchGaps.Average():0.0} semitones");
        output.WriteLine($"loop rate max / p90 / nonzero: answers {Spread(answers)}; file {Spread(fileMode)}; players {Spread(players)}");
        Assert.True(pitchGaps.Average() <= 7, $"answers {pitchGaps.Average():0.0} semitones from their phrase's mean pitch on average");
        if (againstPlayers)
        {
            Assert.InRange(answerLoops, playerLoops * 0.75, playerLoops * 1.25);
        }
        else
        {
            var fileLoops = fileMode.Average(a => ContinuationStats.LoopRate(a));
            Assert.True(answerLoops <= fileLoops * 1.5, $"live answers loop rate {answerLoops:0.000}, the model's as a file {fileLoops:0.000}");
        }
    }

    private static string Spread(IEnumerable<IReadOnlyList<PhraseEvent>> continuations)
    {
        var rates = continuations.Select(c => ContinuationStats.LoopRate(c)).Order().ToList();
        return $"{rates[^1]:0.000} / {rates[(int)(rates.Count * 0.9)]:0.000} / {rates.Count(v => v > 0)}";
    }

    /// <summary>12-s windows of nasap test performances (every 30 s from 10 s in) and the players' next 6 s.</summary>
    private static IEnumerable<(List<PhraseEvent> Prompt, List<PhraseEvent> Continuation)> TestPhrases()
    {
        foreach (var path in TestPerformances.Paths())
        {
            var events = PhraseMidi.ReadEvents(MidiFile.Read(path, ReadingSettings.Lenient));
            var onsets = PhraseMidi.Onsets(events.ToArray());
            for (var start = 10.0; start + PromptSeconds + AnswerSeconds <= onsets[^1] && start < 100; start += 30)
            {
                var prompt = Window(events, onsets, start, start + PromptSeconds);
                var continuation = Window(events, onsets, start + PromptSeconds, start + PromptSeconds + AnswerSeconds);
                if (prompt.Count(e => e.Kind == PhraseEventKind.Note) >= 8 && continuation.Count(e => e.Kind == PhraseEventKind.Note) >= 8)
                {
                    yield return (prompt, continuation);
                }
            }
        }
    }

    private static List<PhraseEvent> Window(List<PhraseEvent> events, double[] onsets, double from, double to)
    {
        var window = new List<PhraseEvent>();
        var previous = from;
        for (var i = 0; i < events.Count; i++)
        {
            if (onsets[i] >= from && onsets[i] < to)
            {
                window.Add(events[i] with { TimeShift = onsets[i] - previous });
                previous = onsets[i];
            }
        }

        return window;
    }
}
