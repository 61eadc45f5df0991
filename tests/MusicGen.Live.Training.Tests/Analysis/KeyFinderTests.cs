using MusicGen.Live.Midi;
using MusicGen.Live.TestSupport;
using MusicGen.Live.Training.Analysis;
using Xunit.Abstractions;

namespace MusicGen.Live.Training.Tests.Analysis;

/// <summary>Krumhansl–Schmuckler key finding on made-up scales and on real files whose key is known.</summary>
public sealed class KeyFinderTests(ITestOutputHelper output)
{
    [Fact]
    public void ScalesGiveTheirKeys()
    {
        // C major scale with tonic and fifth held longer, as a melody would.
        var cMajor = new (int, double)[] { (60, 2), (62, 1), (64, 1), (65, 1), (67, 2), (69, 1), (71, 1), (72, 2) };
        foreach (var profile in Enum.GetValues<KeyProfile>())
        {
            Assert.Equal(new MusicalKey(0, false), KeyFinder.Estimate(cMajor, profile)!.Value.Key);
        }


        // The same transposed to E♭: the tonic follows.
        Assert.Equal(new MusicalKey(3, false), KeyFinder.Estimate(cMajor.Select(n => (n.Item1 + 3, n.Item2)))!.Value.Key);

        // A harmonic minor, tonic and fifth held longer.
        var aMinor = new (int, double)[] { (57, 2), (59, 1), (60, 1.5), (62, 1), (64, 2), (65, 1), (68, 1), (69, 2) };
        Assert.Equal(new MusicalKey(9, true), KeyFinder.Estimate(aMinor)!.Value.Key);

        Assert.Null(KeyFinder.Estimate(new double[12]));
        Assert.Null(KeyFinder.Estimate(Enumerable.Repeat(1.0, 12).ToArray()));
    }

    [Fact]
    public void ScaleMembership()
    {
        var c = new MusicalKey(0, false);
        Assert.Equal([0, 2, 4, 5, 7, 9, 11], Enumerable.Range(0, 12).Where(p => c.InScale(p + 60)));
        var a = new MusicalKey(9, true);
        Assert.Equal([0, 2, 4, 5, 7, 8, 9, 11], Enumerable.Range(0, 12).Where(p => a.InScale(p + 48))); // with G♯
        Assert.Equal("E♭ minor", MusicalKey.Parse("Eb:min").Name);
        Assert.Equal(new MusicalKey(6, false), MusicalKey.Parse("F#:maj"));
        Assert.Throws<FormatException>(() => MusicalKey.Parse("H:maj"));
    }

    [Theory]
    [InlineData(KeyProfile.AardenEssen, "C:maj")]
    [InlineData(KeyProfile.KrumhanslKessler, "E:min")] // why Aarden–Essen is the default: this profile hears the many Es as a tonic
    public void OdeToJoyIsInCMajor(KeyProfile profile, string expected)
    {
        // The demo's phrase: a melody without harmony, its two phrases ending on D (a half cadence).
        var notes = MidiFile.Read(RepoPaths.InRepo("configs", "demo", "phrase.mid")).GetNotes();
        var found = KeyFinder.Estimate(notes.Select(n => ((int)n.Pitch, n.DurationSeconds)), profile)!.Value.Key;
        output.WriteLine($"{profile}: {found}");
        Assert.Equal(MusicalKey.Parse(expected), found);
    }

    [Theory]
    [InlineData("Bach/bach_846.mid", "C:maj")] // Well-Tempered Clavier I, prelude 1
    [InlineData("Bach/bach_847.mid", "C:min")] // prelude 2
    [InlineData("Beethoven/elise.mid", "A:min")] // Für Elise
    [InlineData("Beethoven/mond_1.mid", "C#:min")] // Moonlight sonata, first movement
    [InlineData("Beethoven/pathetique_1.mid", "C:min")]
    [InlineData("Clementi/clementi_opus36_1_1.mid", "C:maj")]
    public void PianoMidiDePiecesOfKnownKey(string path, string key)
    {
        var notes = MidiFile.Read(Path.Combine(RepoPaths.Data, "pianomidide", "midis", path), ReadingSettings.Lenient).GetNotes();
        foreach (var profile in Enum.GetValues<KeyProfile>())
        {
            var found = KeyFinder.Estimate(notes.Select(n => ((int)n.Pitch, n.DurationSeconds)), profile)!.Value.Key;
            output.WriteLine($"{path} {profile}: {found}");
            Assert.Equal(MusicalKey.Parse(key), found);
        }
    }

    [Theory]
    [InlineData(KeyProfile.KrumhanslKessler, 33)]
    [InlineData(KeyProfile.AardenEssen, 35)]
    public void Pop909SongsAgreeWithTheirAnnotatedKey(KeyProfile profile, int least)
    {
        // The first 40 songs annotated with one key throughout (key_audio.txt has one line).
        var root = Path.Combine(RepoPaths.Data, "pop909", "POP909");
        var songs = Directory.GetDirectories(root).Order(StringComparer.Ordinal)
            .Select(d => (Dir: d, Lines: File.ReadAllLines(Path.Combine(d, "key_audio.txt")).Where(l => l.Trim().Length > 0).ToArray()))
            .Where(s => s.Lines.Length == 1).Take(40).ToList();
        Assert.Equal(40, songs.Count);
        var exact = 0;
        foreach (var (dir, lines) in songs)
        {
            var annotated = MusicalKey.Parse(lines[0].Split('\t')[^1]);
            var notes = MidiFile.Read(Path.Combine(dir, Path.GetFileName(dir) + ".mid"), ReadingSettings.Lenient).GetNotes();
            var found = KeyFinder.Estimate(notes.Select(n => ((int)n.Pitch, n.DurationSeconds)), profile)!.Value.Key;
            exact += found == annotated ? 1 : 0;
        }

        output.WriteLine($"{profile}: {exact} of 40 POP909 songs estimated in their annotated key");
        Assert.True(exact >= least, $"{exact} of 40 POP909 songs estimated in their annotated key");
    }
}
