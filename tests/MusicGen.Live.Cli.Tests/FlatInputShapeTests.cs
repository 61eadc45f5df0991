using MusicGen.Live.Midi;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests;

/// <summary>
/// A sequencer part at one velocity (the demo's case) comes out of the default humanize (the file ensemble at the default
/// expression) shaped, not flat: checked by shape (correlations, ordering of voices), never by exact values.
/// </summary>
public sealed class FlatInputShapeTests
{
    private static readonly ExpressiveVelocityModel s_model = new(
        NoteStyleNetEnsemble.Load(RepoPaths.InRepo(Path.Combine("models", "stylenet-note-ensemble.json"))), VelocityExpression.Default);

    private static (MidiFile File, List<Note> Notes) Humanized(IEnumerable<Note> flat)
    {
        var file = new MidiFile(1, MidiDivision.FromTicksPerQuarterNote(480));
        file.Tracks.Add(new MidiTrack([MidiEvent.Tempo(0, 500_000)], 0));
        file.AddNotesTrack(flat, "part");
        MidiHumanizer.Apply(file, (n, _, v) => s_model.Predict(n, 2f, StyleNetStyle.Classical, v), new MidiHumanizerOptions { LookaheadSeconds = 2f });
        return (file, file.GetNotes().ToList());
    }

    private static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average();
        var cov = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        return cov / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }

    [Fact]
    public void A_flat_scale_rises_and_falls_with_its_pitch()
    {
        // Two octaves of C major up and down in eighths, flat 80, three times.
        int[] steps = [0, 2, 4, 5, 7, 9, 11];
        var up = Enumerable.Range(0, 15).Select(i => 48 + (12 * (i / 7)) + steps[i % 7]).ToList();
        var phrase = up.Concat(Enumerable.Reverse(up).Skip(1).Take(13)).ToList();
        var pitches = Enumerable.Repeat(phrase, 3).SelectMany(p => p).ToList();
        var flat = pitches.Select((p, i) => new Note(1, 0, (byte)p, 80, i * 240L, (i * 240L) + 220, 0, 0));
        var (_, notes) = Humanized(flat);
        var velocities = notes.Select(n => (double)n.Velocity).ToList();
        Assert.True(velocities.Max() - velocities.Min() >= 10, $"range {velocities.Min()}–{velocities.Max()}: still flat");
        var r = Correlation(notes.Select(n => (double)n.Pitch).ToList(), velocities);
        Assert.True(r > 0.3, $"velocity against pitch within the scale: r = {r:0.00}");
    }

    [Fact]
    public void A_flat_chorale_puts_its_melody_above_the_accompaniment()
    {
        // Four voices in quarter-note chords, flat 80; the soprano line moves, the lower voices hold a close harmony.
        int[] soprano = [72, 74, 76, 77, 79, 77, 76, 74, 72, 76, 79, 81, 79, 77, 76, 72];
        var flat = new List<Note>();
        for (var i = 0; i < soprano.Length; i++)
        {
            long on = i * 480L, off = on + 460;
            foreach (var p in new[] { soprano[i], soprano[i] - 5, soprano[i] - 12, soprano[i] - 24 })
            {
                flat.Add(new Note(1, 0, (byte)p, 80, on, off, 0, 0));
            }
        }

        var (_, notes) = Humanized(flat);
        var chords = notes.GroupBy(n => n.OnTick).ToList();
        var melodyAbove = chords.Count(c => c.MaxBy(n => n.Pitch).Velocity > c.Where(n => n.Pitch != c.Max(m => m.Pitch)).Average(n => n.Velocity));
        Assert.True(melodyAbove >= chords.Count * 3 / 4, $"melody above the accompaniment in {melodyAbove} of {chords.Count} chords");
        var melody = chords.Select(c => c.MaxBy(n => n.Pitch)).ToList();
        Assert.True(melody.Select(n => n.Velocity).Distinct().Count() > 3, "the melody is shaped, not one velocity");
    }
}
