using System.CommandLine;
using MusicGen.Live.Midi;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests.Commands;

/// <summary>
/// <c>musicgen humanize</c> end to end with the shipped models on a real file from the data set: the file ensemble
/// is the default, the single models are one option away, and whichever runs only note-on velocities change.
/// </summary>
public sealed class HumanizeCommandTests : IDisposable
{
    private static readonly string s_input = Path.Combine(RepoPaths.Data, "pianomidide", "midis", "Clementi", "clementi_opus36_1_2.mid");
    private static readonly string s_models = RepoPaths.InRepo("models");
    private readonly string _dir = Directory.CreateTempSubdirectory("musicgen-humanize-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Run(params string[] args) =>
        MusicGenCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });

    private static IEnumerable<MidiEvent> WithoutVelocities(MidiFile file) =>
        file.Tracks.SelectMany(t => t.Events).Select(e => e.IsNoteOn ? e.WithVelocity(1) : e);

    [Theory]
    [InlineData("ensemble")]
    [InlineData("large")]
    [InlineData("note")]
    [InlineData("article")]
    public void Each_model_changes_only_note_on_velocities(string model)
    {
        var output = Path.Combine(_dir, model + ".mid");
        Assert.Equal(0, Run("humanize", s_input, output, "--model", model, "--models-dir", s_models));
        var before = MidiFile.Read(s_input);
        var after = MidiFile.Read(output);
        Assert.Equal(WithoutVelocities(before), WithoutVelocities(after));
        var velocities = after.GetNotes().Select(n => n.Velocity).ToList();
        Assert.NotEqual(before.GetNotes().Select(n => n.Velocity), velocities);
        Assert.True(velocities.Distinct().Count() > 10, "humanized velocities vary");
    }

    [Fact]
    public void The_default_is_the_file_ensemble_which_differs_from_its_large_member()
    {
        var byDefault = Path.Combine(_dir, "default.mid");
        var ensemble = Path.Combine(_dir, "ensemble.mid");
        var large = Path.Combine(_dir, "large.mid");
        Assert.Equal(0, Run("humanize", s_input, byDefault, "--models-dir", s_models));
        Assert.Equal(0, Run("humanize", s_input, ensemble, "--model", "ensemble", "--models-dir", s_models));
        Assert.Equal(0, Run("humanize", s_input, large, "--model", "large", "--models-dir", s_models));
        Assert.Equal(File.ReadAllBytes(ensemble), File.ReadAllBytes(byDefault));

        // A whole-file model's default window is 2 s, not the 1 s look-ahead the streaming models get.
        var window2s = Path.Combine(_dir, "window-2s.mid");
        var window1s = Path.Combine(_dir, "window-1s.mid");
        Assert.Equal(0, Run("humanize", s_input, window2s, "--lookahead-ms", "2000", "--models-dir", s_models));
        Assert.Equal(0, Run("humanize", s_input, window1s, "--lookahead-ms", "1000", "--models-dir", s_models));
        Assert.Equal(File.ReadAllBytes(window2s), File.ReadAllBytes(byDefault));
        Assert.NotEqual(File.ReadAllBytes(window1s), File.ReadAllBytes(byDefault));
        Assert.NotEqual(File.ReadAllBytes(large), File.ReadAllBytes(byDefault));

        // The ensemble averages its members: each velocity lies near the large member's (same data, same timing).
        var fromLarge = MidiFile.Read(large).GetNotes().Select(n => (int)n.Velocity).ToArray();
        var fromEnsemble = MidiFile.Read(ensemble).GetNotes().Select(n => (int)n.Velocity).ToArray();
        Assert.Equal(fromLarge.Length, fromEnsemble.Length);
        Assert.True(fromLarge.Zip(fromEnsemble).Average(p => Math.Abs(p.First - p.Second)) < 10, "ensemble stays close to its large member");
    }

    [Fact]
    public void Expression_zero_is_the_model_as_it_was_and_the_default_widens_the_range()
    {
        // Expression 0: byte for byte what the ensemble gave before the control existed (the model applied directly).
        var zero = Path.Combine(_dir, "expression-0.mid");
        Assert.Equal(0, Run("humanize", s_input, zero, "--expression", "0", "--models-dir", s_models));
        var direct = MidiFile.Read(s_input);
        var model = Models.StyleNet.NoteStyleNetEnsemble.Load(Path.Combine(s_models, "stylenet-note-ensemble.json"));
        var options = new Models.StyleNet.MidiHumanizerOptions { LookaheadSeconds = 2f };
        Models.StyleNet.MidiHumanizer.Apply(direct, (n, _, v) => model.Predict(n, 2f, Models.StyleNet.StyleNetStyle.Classical, v), options);
        var directPath = Path.Combine(_dir, "direct.mid");
        direct.Write(directPath);
        Assert.Equal(File.ReadAllBytes(directPath), File.ReadAllBytes(zero));

        // The default restores range: the same notes, a wider spread, only velocities changed.
        var byDefault = Path.Combine(_dir, "expression-default.mid");
        Assert.Equal(0, Run("humanize", s_input, byDefault, "--models-dir", s_models));
        Assert.Equal(WithoutVelocities(MidiFile.Read(s_input)), WithoutVelocities(MidiFile.Read(byDefault)));
        static double Std(string path)
        {
            var v = MidiFile.Read(path).GetNotes().Select(n => (double)n.Velocity).ToArray();
            var mean = v.Average();
            return Math.Sqrt(v.Average(x => (x - mean) * (x - mean)));
        }

        Assert.True(Std(byDefault) > 1.15 * Std(zero), $"std {Std(byDefault):0.0} at the default against {Std(zero):0.0} at 0");
        Assert.Equal(1, Run("humanize", s_input, Path.Combine(_dir, "bad.mid"), "--expression", "2", "--models-dir", s_models));
    }

    [Fact]
    public void An_unknown_model_or_a_missing_card_fails_with_exit_1()
    {
        Assert.Equal(1, Run("humanize", s_input, Path.Combine(_dir, "x.mid"), "--model", "huge", "--models-dir", s_models));
        Assert.Equal(1, Run("humanize", s_input, Path.Combine(_dir, "y.mid"), "--models-dir", _dir));
        Assert.False(File.Exists(Path.Combine(_dir, "x.mid")));
        Assert.False(File.Exists(Path.Combine(_dir, "y.mid")));
    }

    /// <summary>
    /// <c>--within-lookahead</c> end to end: the file cut short changes no velocity of a note that ends more than the
    /// look-ahead (1 s, and a margin) before the cut, even with the whole-file member in the ensemble, while notes whose
    /// look-ahead reaches past the cut do change (so the comparison can see a difference).
    /// </summary>
    [Fact]
    public void Within_the_lookahead_nothing_later_in_the_file_changes_a_velocity()
    {
        var full = MidiFile.Read(s_input);
        var onsets = full.GetNotes().Select(n => n.OnsetSeconds).Order().ToArray();
        var cutSeconds = onsets[onsets.Length * 3 / 4];
        var cutTick = full.GetNotes().First(n => n.OnsetSeconds == cutSeconds).OnTick;
        var cut = new MidiFile(full.Format, full.Division);
        cut.Tracks.AddRange(full.Tracks.Select(t => new MidiTrack(t.Events.Where(e => e.Tick < cutTick))));
        var cutPath = Path.Combine(_dir, "cut.mid");
        cut.Write(cutPath);

        List<Note> Humanized(string input, string name, params string[] extra)
        {
            var output = Path.Combine(_dir, name);
            Assert.Equal(0, Run(["humanize", input, output, "--models-dir", s_models, .. extra]));
            return MidiFile.Read(output).GetNotes();
        }

        static Dictionary<(int, byte, byte, long), byte> Velocities(IEnumerable<Note> notes) =>
            notes.ToDictionary(n => (n.Track, n.Channel, n.Pitch, n.OnTick), n => n.Velocity);

        var fromFull = Humanized(s_input, "bounded-full.mid", "--within-lookahead");
        var fromCut = Humanized(cutPath, "bounded-cut.mid", "--within-lookahead");
        var before = Velocities(fromFull.Where(n => n.OffsetSeconds < cutSeconds - 1.5));
        Assert.True(before.Count > 100, $"{before.Count} notes compared");
        Assert.Equal(before, Velocities(fromCut.Where(n => n.OffsetSeconds < cutSeconds - 1.5)));

        // Onsets in the last second before the cut: their look-ahead held notes the cut file lacks.
        static bool Near(Note n, double cut) => n.OnsetSeconds > cut - 1 && n.OnsetSeconds < cut - 0.05;
        var nearFull = Velocities(fromFull.Where(n => Near(n, cutSeconds)));
        var nearCut = Velocities(fromCut.Where(n => Near(n, cutSeconds)));
        Assert.Contains(nearFull, p => nearCut.TryGetValue(p.Key, out var v) && v != p.Value);

        // Without the flag the default ensemble reads the whole file: not the same velocities.
        Assert.NotEqual(before, Velocities(Humanized(s_input, "whole-full.mid").Where(n => n.OffsetSeconds < cutSeconds - 1.5)));
    }
}
