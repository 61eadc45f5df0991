using MusicGen.Live.Cli.Demo;
using MusicGen.Live.Midi;
using MusicGen.Live.TestSupport;
using MusicGen.Live.Training.Analysis;

namespace MusicGen.Live.Cli.Tests.Demo;

/// <summary>The demo's answers measured against the phrase they answer, and the piano roll's three lanes.</summary>
public sealed class DemoAnswersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("demo-answers").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<Note> Phrase() =>
        MidiFile.Read(RepoPaths.InRepo("configs", "demo", "phrase.mid")).GetNotes();

    private static Note Generated(double onset, int pitch) => new(1, 1, (byte)pitch, 70, 0, 0, onset, onset + 0.3);

    [Fact]
    public void TheShippedPhraseIsInCMajorAndTheIssuesAnswerIsNot()
    {
        var phrase = Phrase();
        var end = phrase.Max(n => n.OffsetSeconds);

        // The answer issue 17 heard after Ode to Joy: A♯, G♯ and A♯ again against a C-major tune.
        int[] heard = [60, 46, 58, 50, 56, 59, 65];
        var answers = DemoAnswers.Find(phrase, [.. heard.Select((p, i) => Generated(end + 1 + (0.3 * i), p))]);
        var a = Assert.Single(answers);
        Assert.Equal(new MusicalKey(0, false), a.Key);
        Assert.Equal(4.0 / 7, a.InKeyShare, 9);
        Assert.Equal(heard.Average() - phrase.Average(n => n.Pitch), a.RegisterGap, 9);
        var line = DemoAnswers.Describe(a);
        Assert.Contains("4/7 (57 %) in C major, the player's key", line, StringComparison.Ordinal);
        Assert.Contains("outside it: A♭ B♭", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AnswersSplitAtThePlayersNotesAndMeasureTheirOwnPhrase()
    {
        // Phrase 1 in C major, answer 1, then after a long break phrase 2 in E♭ major, answer 2: each answer measured
        // against its phrase, the key from the player's notes of the last 20 s.
        int[] cMajor = [60, 62, 64, 65, 67, 65, 64, 62, 60, 67, 60];
        var input = cMajor.Select((p, i) => new Note(0, 0, (byte)p, 80, 0, 0, 0.5 * i, (0.5 * i) + 0.45)).ToList();
        input.AddRange(cMajor.Select((p, i) => new Note(0, 0, (byte)(p + 3), 80, 0, 0, 30 + (0.5 * i), 30 + (0.5 * i) + 0.45)));
        List<Note> output = [.. cMajor.Take(4).Select((p, i) => Generated(6 + (0.5 * i), p + 12)), .. cMajor.Take(4).Select((p, i) => Generated(36 + (0.5 * i), p + 3))];
        var answers = DemoAnswers.Find(input, output);
        Assert.Equal(2, answers.Count);
        Assert.Equal(new MusicalKey(0, false), answers[0].Key);
        Assert.Equal(new MusicalKey(3, false), answers[1].Key);
        Assert.Equal(1, answers[0].InKeyShare, 9);
        Assert.Equal(1, answers[1].InKeyShare, 9);
        Assert.True(answers[0].RegisterGap > 11); // an octave up
        Assert.True(Math.Abs(answers[1].RegisterGap) < 2);
        Assert.Equal(11, answers[1].Phrase.Count); // only the second phrase
    }

    [Fact]
    public void TheKeyComesFromThePlayersRecentNotesNotTheShortPhraseAlone()
    {
        // Answers after each half of Ode to Joy: the second half alone (C C D E E D D) is ambiguous, the whole is C major.
        var phrase = Phrase();
        var rest = phrase.Where(n => n.OnsetSeconds < 4).Max(n => n.OffsetSeconds);
        var end = phrase.Max(n => n.OffsetSeconds);
        var answers = DemoAnswers.Find(phrase, [Generated(rest + 0.5, 67), Generated(rest + 1, 64), Generated(end + 1, 60), Generated(end + 1.5, 64)]);
        Assert.Equal(2, answers.Count);
        Assert.Equal(7, answers[1].Phrase.Count);
        Assert.Equal(new MusicalKey(9, true), KeyFinder.Estimate(answers[1].Phrase.Select(n => ((int)n.Pitch, n.DurationSeconds)))!.Value.Key);
        Assert.Equal(new MusicalKey(0, false), answers[1].Key);
    }

    [Fact]
    public void PianoRollHasALabelledLaneAndAColourPerPart()
    {
        var input = Phrase();
        var end = input.Max(n => n.OffsetSeconds);
        var echo = input.Select(n => n with { Track = 1, Velocity = 60 }).ToList();
        List<Note> answer = [Generated(end + 1, 72), Generated(end + 1.5, 74), Generated(end + 2, 76)];
        var path = Path.Combine(_dir, "roll.svg");
        PianoRollSvg.Write(path, input, [.. echo, .. answer]);
        var svg = File.ReadAllText(path);
        Assert.Equal(input.Count, Count(svg, "class=\"player\""));
        Assert.Equal(echo.Count, Count(svg, "class=\"echo\""));
        Assert.Equal(3, Count(svg, "class=\"answer\""));
        Assert.Contains($"player (input): {input.Count} notes", svg, StringComparison.Ordinal);
        Assert.Contains("humanized echo", svg, StringComparison.Ordinal);
        Assert.Contains("▲ answer 1", svg, StringComparison.Ordinal);

        // Three hues, one per part: no part's notes share a colour with another's.
        var hues = new[] { "player", "echo", "answer" }.Select(c => Hues(svg, c)).ToArray();
        Assert.All(hues, h => Assert.Single(h));
        Assert.Equal(3, hues.Select(h => h.Single()).Distinct().Count());
    }

    private static int Count(string text, string what) => text.Split(what).Length - 1;

    private static HashSet<string> Hues(string svg, string cls) =>
        [.. svg.Split('\n').Where(l => l.Contains($"class=\"{cls}\"", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("hsl(", StringComparison.Ordinal) + 4)..].Split(',')[0])];
}
