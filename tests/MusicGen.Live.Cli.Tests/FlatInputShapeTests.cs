using MusicGen.Live.Midi;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;
using Xunit.Abstractions;

namespace MusicGen.Live.Cli.Tests;

/// <summary>
/// A sequencer part at one velocity (the demo's case) comes out of the default humanize (the file ensemble at the default
/// expression) shaped, not flat: checked by shape (correlations, ordering of voices), never by exact values.
/// </summary>
public sealed class FlatInputShapeTests(ITestOutputHelper output)
{
    /// <summary>Mussorgsky's Promenade (Pictures at an Exhibition; valid split): a chorale in all but name, a hymn-like tune in block chords.</summary>
    private static readonly string s_promenade = Path.Combine(RepoPaths.Data, "pianomidide", "midis", "Mussorgsky", "muss_1.mid");

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

    [Fact(Skip = "Fails with the shipped file ensemble (issue 18): "
        + "on the flat 4/4 scale its downbeats come out at 58.0 on average against 58.8 for the other notes. "
        + "The model reads the bar position but has not learned to lift it on flat input: each downbeat sits exactly at the mean "
        + "of its two neighbours, the velocities follow pitch alone (nasap valid pianists: downbeat notes 2.3 above a 33-note "
        + "local mean, off-beat notes 1.0 below, texture included).")]
    public void A_flat_scale_puts_its_downbeats_above_the_other_notes()
    {
        int[] steps = [0, 2, 4, 5, 7, 9, 11];
        var up = Enumerable.Range(0, 15).Select(i => 48 + (12 * (i / 7)) + steps[i % 7]).ToList();
        var phrase = up.Concat(Enumerable.Reverse(up).Skip(1).Take(13)).ToList();
        var pitches = Enumerable.Repeat(phrase, 3).SelectMany(p => p).ToList();
        var (_, notes) = Humanized(pitches.Select((p, i) => new Note(1, 0, (byte)p, 80, i * 240L, (i * 240L) + 220, 0, 0)));

        // 4/4 in eighths: every eighth note starts a bar, and the model reads the bar from the file.
        var downbeats = notes.Where(n => n.OnTick % 1920 == 0).Average(n => (double)n.Velocity);
        var others = notes.Where(n => n.OnTick % 1920 != 0).Average(n => (double)n.Velocity);
        Assert.True(downbeats > others, $"downbeats {downbeats:0.0} against the other notes {others:0.0}");
    }

    [Fact]
    public void A_real_chorale_at_one_velocity_gets_its_melody_on_top_and_follows_the_tune()
    {
        // The Promenade's first minute (its block-chord chorale), every velocity set to 80, on the file's own tempo map.
        var source = MidiFile.Read(s_promenade);
        var cut = source.Division.TicksPerQuarterNote * 100L;
        var flat = source.GetNotes().Where(n => n.OnTick < cut).Select(n => n with { Velocity = 80, Track = 1 }).ToList();
        var file = new MidiFile(1, source.Division);
        file.Tracks.Add(source.Tracks[0]);
        file.AddNotesTrack(flat, "piano");
        MidiHumanizer.Apply(file, (n, _, v) => s_model.Predict(n, 2f, StyleNetStyle.Classical, v), new MidiHumanizerOptions { LookaheadSeconds = 2f });
        var notes = file.GetNotes().OrderBy(n => n.OnTick).ThenBy(n => n.Pitch).ToList();
        Assert.True(notes.Count > 250, $"{notes.Count} notes in the excerpt");

        // Chords: notes starting within a 32nd of the first (the file is played in, not quantised), three or more.
        var chords = new List<List<Note>>();
        foreach (var n in notes)
        {
            if (chords.Count > 0 && n.OnTick - chords[^1][0].OnTick <= source.Division.TicksPerQuarterNote / 8)
            {
                chords[^1].Add(n);
            }
            else
            {
                chords.Add([n]);
            }
        }

        var full = chords.Where(c => c.Count >= 3).ToList();
        var above = full.Count(c => c.MaxBy(n => n.Pitch).Velocity > c.Where(n => n != c.MaxBy(m => m.Pitch)).Average(n => n.Velocity));
        var margin = full.Average(c => c.MaxBy(n => n.Pitch).Velocity - c.Where(n => n != c.MaxBy(m => m.Pitch)).Average(n => n.Velocity));
        Assert.True(above >= full.Count * 3 / 4, $"melody above the accompaniment in {above} of {full.Count} chords (mean margin {margin:0.0})");

        // Within a phrase: the tune's velocity rises and falls with its pitch, around a moving mean of 8 melody notes.
        var melody = chords.Select(c => c.MaxBy(n => n.Pitch)).ToList();
        var pitch = Detrended(melody.Select(n => (double)n.Pitch).ToList());
        var velocity = Detrended(melody.Select(n => (double)n.Velocity).ToList());
        var r = Correlation(pitch, velocity);
        Assert.True(r > 0.3, $"melody velocity against melody pitch within phrases: r = {r:0.00} over {melody.Count} melody notes");
        var all = notes.Select(n => (double)n.Velocity).ToList();
        output.WriteLine($"Promenade flat 80: {notes.Count} notes, range {all.Min()}–{all.Max()}; "
            + $"melody above in {above} of {full.Count} chords, mean margin {margin:0.0}; "
            + $"melody r(pitch, velocity) within phrases {r:0.00}");
        Assert.True(all.Max() - all.Min() >= 20, $"range {all.Min()}–{all.Max()}: hardly shaped");
    }

    /// <summary>Each value minus the mean of the 8 values centred on it: the phrase's shape without its level.</summary>
    private static List<double> Detrended(List<double> x) =>
        [.. x.Select((v, i) => v - x.Skip(Math.Max(0, i - 4)).Take(8).Average())];

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
