using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Training.PhraseTransformer;

namespace MusicGen.Live.Training.Tests.PhraseTransformer;

/// <summary>Prompts cut by time, continuations windowed, and the report comparing modes with the players.</summary>
public sealed class ContinuationEvaluatorTests
{
    // A performance of 200 notes, one every 0.25 s, pitches walking a C major scale, with a pedal change every 16 notes.
    private static PhraseSequence Walk(string path = "walk.mid")
    {
        var events = new List<PhraseEvent>();
        int[] scale = [0, 2, 4, 5, 7, 9, 11];
        for (var i = 0; i < 200; i++)
        {
            events.Add(PhraseEvent.Note(i == 0 ? 0 : 0.25, 60 + scale[i % 7], 0.2, 64));
            if (i % 16 == 8)
            {
                events.Add(PhraseEvent.Pedal(0.1, (i / 16) % 2 == 0));
            }
        }

        return new PhraseSequence(path, events);
    }

    [Fact]
    public void PromptsAndPlayersAreCutByTime()
    {
        var s = Walk();
        var p = ContinuationEvaluator.Cut(s, 40, 3, 2)!;
        Assert.Equal(0, p.Prompt[0].TimeShift);
        var promptNotes = p.Prompt.Count(e => e.Kind == PhraseEventKind.Note);
        var playerNotes = p.Players.Count(e => e.Kind == PhraseEventKind.Note);
        // Event 40 is note 38 (two pedal events before it). Notes 38..40 at 0, 0.25, 0.5 s, the pedal 0.1 s after note
        // 40, notes 41..49 at 0.85..2.85 s: 12 notes within 3 s. The players: notes 50..56 at 0.25..1.75 s after note
        // 49, the pedal at 1.85 s, note 57 at 2.1 s, out of the 2 s window.
        Assert.Equal(12, promptNotes);
        Assert.Equal(7, playerNotes);
        Assert.Equal(8, p.Players.Length);
        Assert.Equal(s[40].Pitch, p.Prompt[0].Pitch);
        Assert.Null(ContinuationEvaluator.Cut(s, 195, 3, 2)); // the performance ends before the window does

        var prompts = ContinuationEvaluator.CutPrompts([s, Walk("b.mid")], 5, 3, 2);
        Assert.Equal(5, prompts.Count);
        Assert.Equal(["walk.mid", "b.mid", "walk.mid", "b.mid", "walk.mid"], prompts.Select(x => x.Path));
        Assert.True(prompts[2].StartSeconds > prompts[0].StartSeconds);
    }

    [Fact]
    public void FileModeIsWhatContinueSamplesAndLastsTheWindow()
    {
        var model = PhraseTransformerModel.Random(new Random(3), new PhraseTransformerConfig { Layers = 2, ModelDim = 32, Heads = 2, MlpDim = 64, Window = 64 });
        var settings = new PhraseSamplingSettings();
        var source = new FileContinuationSource(model, settings);
        var prompt = ContinuationEvaluator.Cut(Walk(), 40, 3, 2)!.Prompt;
        var a = source.Continue(prompt, 2, 5);

        var generator = new PhraseGenerator(model, 5);
        foreach (var e in prompt)
        {
            generator.Observe(e);
        }

        Assert.Equal(PhraseContinuation.Sample(generator, settings, null, 2), a);
        Assert.True(a.Sum(e => e.TimeShift) >= 2); // sampled until the continuation lasts the window
        Assert.True(a.SkipLast(1).Sum(e => e.TimeShift) < 2);
        Assert.Equal(a, source.Continue(prompt, 2, 5)); // reset between prompts: same seed, same continuation
        Assert.NotEqual(a, source.Continue(prompt, 2, 6));
    }

    [Fact]
    public void WindowKeepsWhatStartsWithinTheSeconds()
    {
        List<PhraseEvent> c = [PhraseEvent.Note(0.5, 60, 1, 64), PhraseEvent.Pedal(1, true), PhraseEvent.Note(0.4, 62, 1, 64), PhraseEvent.Note(0.1, 64, 1, 64)];
        Assert.Equal(3, ContinuationEvaluator.Window(c, 2).Count); // onsets 0.5, 1.5, 1.9; 2.0 is out
        Assert.Single(ContinuationEvaluator.Window(c, 1));
    }

    [Fact]
    public void AModeThatPlaysWhatThePlayerPlayedMatchesThePlayersAndAnOctaveUpDoesNot()
    {
        var prompts = ContinuationEvaluator.CutPrompts([Walk(), Walk("b.mid")], 4, 3, 2);
        var lines = new List<string>();
        var r = ContinuationEvaluator.Run(prompts, [new Replay(prompts, 0, "file"), new Replay(prompts, 12, "live")], 2, 1, 2, "valid", lines.Add);
        foreach (var stat in ContinuationStatistic.All)
        {
            var players = r[$"valid_continuation_{stat.Name}_players"];
            Assert.Equal(players, r[$"valid_continuation_{stat.Name}_file"], 9);
        }

        Assert.Equal(12 + r["valid_continuation_register_gap_players"], r["valid_continuation_register_gap_live"], 9);
        Assert.Equal(4, r["valid_continuation_prompts"]);
        Assert.Contains(lines, l => l.StartsWith("register_gap ", StringComparison.Ordinal) && l.Contains('*', StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("pc_distance ", StringComparison.Ordinal) && !l.Contains('*', StringComparison.Ordinal));
        Assert.Contains("0 statistic(s) of file miss the target", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void SilentAnswersCountAsSilenceNotAsMissing()
    {
        var prompts = ContinuationEvaluator.CutPrompts([Walk()], 2, 3, 2);
        var lines = new List<string>();
        var r = ContinuationEvaluator.Run(prompts, [new Silent()], 1, 1, 2, "valid", lines.Add);
        Assert.Equal(0, r["valid_continuation_density_ratio_silent"]);
        Assert.Contains("silent: 2 of 2 continuations played no note in the window", lines);
    }

    // Plays back the players' own continuation (transposed): the evaluator must find the players' figures in it.
    private sealed class Replay(List<ContinuationPrompt> prompts, int semitones, string name) : IContinuationSource
    {
        public string Name => name;

        public IReadOnlyList<PhraseEvent> Continue(IReadOnlyList<PhraseEvent> prompt, double seconds, ulong seed) =>
            prompts.Single(p => ReferenceEquals(p.Prompt, prompt)).Players
                .Select(e => e.Kind == PhraseEventKind.Note ? e with { Pitch = e.Pitch + semitones } : e).ToList();
    }

    private sealed class Silent : IContinuationSource
    {
        public string Name => "silent";

        public IReadOnlyList<PhraseEvent> Continue(IReadOnlyList<PhraseEvent> prompt, double seconds, ulong seed) => [];
    }
}
