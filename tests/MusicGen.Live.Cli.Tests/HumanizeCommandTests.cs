using System.CommandLine;
using MusicGen.Live.Midi;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests;

/// <summary>
/// <c>musicgen humanize</c> end to end with the shipped models on a real file from the data set: the large (file)
/// model is the default, the engine's model is one option away, and either way only note-on velocities change.
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
    [InlineData("large")]
    [InlineData("note")]
    [InlineData("seed")]
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
    public void The_default_is_the_large_file_model()
    {
        var byDefault = Path.Combine(_dir, "default.mid");
        var large = Path.Combine(_dir, "large.mid");
        var note = Path.Combine(_dir, "note.mid");
        Assert.Equal(0, Run("humanize", s_input, byDefault, "--models-dir", s_models));
        Assert.Equal(0, Run("humanize", s_input, large, "--model", "large", "--models-dir", s_models));
        Assert.Equal(0, Run("humanize", s_input, note, "--model", "note", "--models-dir", s_models));
        Assert.Equal(File.ReadAllBytes(large), File.ReadAllBytes(byDefault));
        Assert.NotEqual(File.ReadAllBytes(note), File.ReadAllBytes(byDefault));
    }

    [Fact]
    public void An_unknown_model_or_a_missing_card_fails_with_exit_1()
    {
        Assert.Equal(1, Run("humanize", s_input, Path.Combine(_dir, "x.mid"), "--model", "huge", "--models-dir", s_models));
        Assert.Equal(1, Run("humanize", s_input, Path.Combine(_dir, "y.mid"), "--models-dir", _dir));
        Assert.False(File.Exists(Path.Combine(_dir, "x.mid")));
        Assert.False(File.Exists(Path.Combine(_dir, "y.mid")));
    }
}
