using System.Globalization;
using MusicGen.Live.Midi;
using MusicGen.Live.Training.Analysis;

namespace MusicGen.Live.Cli.Demo;

/// <summary>
/// Splits the engine's generated notes into answers and measures each against the phrase it answers, so that "the
/// answers stay in the key and register of the phrase" is a figure in the demo's output. An answer is a run of
/// generated notes with no player onset inside it; its phrase is the player's notes since the previous answer began
/// (all of them before it when fewer than four), and the register gap is measured against it. The key is read from
/// the player's notes of the last <see cref="KeyContextSeconds"/> before the answer: a short phrase alone is
/// ambiguous (Ode to Joy's second half, C C D E E D D, reads as A minor). Pure functions.
/// </summary>
public static class DemoAnswers
{
    public const double KeyContextSeconds = 20;

    public static List<DemoAnswer> Find(IReadOnlyList<Note> input, IReadOnlyList<Note> output, int playerChannel = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var generated = output.Where(n => n.Channel != playerChannel).OrderBy(n => n.OnsetSeconds).ToList();
        var onsets = input.Select(n => n.OnsetSeconds).Order().ToArray();
        var groups = new List<List<Note>>();
        foreach (var n in generated)
        {
            if (groups.Count == 0 || onsets.Any(t => t > groups[^1][^1].OnsetSeconds && t <= n.OnsetSeconds))
            {
                groups.Add([]);
            }

            groups[^1].Add(n);
        }

        var answers = new List<DemoAnswer>();
        var phraseStart = double.NegativeInfinity;
        foreach (var notes in groups)
        {
            var start = notes[0].OnsetSeconds;
            var phrase = input.Where(n => n.OnsetSeconds >= phraseStart && n.OnsetSeconds < start).ToList();
            if (phrase.Count < 4)
            {
                phrase = input.Where(n => n.OnsetSeconds < start).ToList();
            }

            var context = input.Where(n => n.OnsetSeconds >= start - KeyContextSeconds && n.OnsetSeconds < start).ToList();
            answers.Add(Measure(answers.Count + 1, notes, phrase, context));
            phraseStart = start;
        }

        return answers;
    }

    /// <summary>An answer against its phrase (register) and the player's notes that set the key (<paramref name="keyContext"/>).</summary>
    public static DemoAnswer Measure(int number, IReadOnlyList<Note> answer, IReadOnlyList<Note> phrase, IReadOnlyList<Note> keyContext)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(phrase);
        ArgumentNullException.ThrowIfNull(keyContext);
        var key = KeyFinder.Estimate(keyContext.Select(n => ((int)n.Pitch, n.DurationSeconds)));
        var inKey = key is null || answer.Count == 0 ? double.NaN : (double)answer.Count(n => key.Value.Key.InScale(n.Pitch)) / answer.Count;
        var gap = answer.Count == 0 || phrase.Count == 0 ? double.NaN : answer.Average(n => n.Pitch) - phrase.Average(n => n.Pitch);
        return new DemoAnswer(number, answer, phrase, key?.Key, key?.Correlation ?? double.NaN, inKey, gap);
    }

    /// <summary>
    /// One line per answer: its number and start, note count, pitch classes, the share in the player's estimated key
    /// (with the key's profile correlation and the notes outside it), and the register gap to the phrase it answers.
    /// </summary>
    public static string Describe(DemoAnswer a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var classes = string.Join(' ', a.Notes.Select(n => n.Pitch % 12).Distinct().Order().Select(MusicalKey.PitchClassName));
        var inKey = a.Key is { } key
            ? Invariant($"{a.Notes.Count(n => key.InScale(n.Pitch))}/{a.Notes.Count} ({a.InKeyShare:P0}) in {key.Name}, the player's key (r {a.KeyCorrelation:F2})")
            : "the phrase has no key (no notes)";
        var outOfKey = a.Key is { } k2 ? string.Join(' ', a.Notes.Where(n => !k2.InScale(n.Pitch)).Select(n => n.Pitch % 12).Distinct().Order().Select(MusicalKey.PitchClassName)) : string.Empty;
        return Invariant($"answer {a.Number} at {a.StartSeconds:F1} s: {a.Notes.Count} notes, pitch classes {classes}; ")
            + Invariant($"{inKey}{(outOfKey.Length > 0 ? $", outside it: {outOfKey}" : string.Empty)}; ")
            + Invariant($"register gap {a.RegisterGap:+0.0;-0.0;0.0} semitones (answer mean pitch {a.Notes.Average(n => n.Pitch):F1}, ")
            + Invariant($"phrase {(a.Phrase.Count > 0 ? a.Phrase.Average(n => n.Pitch) : double.NaN):F1}; ")
            + Invariant($"range {a.Notes.Min(n => n.Pitch)}–{a.Notes.Max(n => n.Pitch)})");
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
