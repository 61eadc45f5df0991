using System.CommandLine;
using MusicGen.Live.Midi;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests;

/// <summary>
/// <c>musicgen continue</c> end to end with the shipped phrase transformer on a real prompt from the data set
/// (a piano-midi.de test-split file): the prompt's tracks come back untouched, the continuation is one extra
/// track after the prompt, seeded runs repeat byte for byte, and bad requests fail with a reason.
/// </summary>
public sealed class ContinueCommandTests : IDisposable
{
    private static readonly string s_prompt = Path.Combine(RepoPaths.Data, "pianomidide", "midis", "Clementi", "clementi_opus36_1_2.mid");
    private static readonly string s_model = RepoPaths.InRepo("models", "phrase-transformer");
    private readonly string _dir = Directory.CreateTempSubdirectory("musicgen-continue-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Run(params string[] args) =>
        MusicGenCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });

    private string Out(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Writes_the_prompt_unchanged_and_the_continuation_on_its_own_track_after_it()
    {
        var output = Out("a.mid");
        Assert.Equal(0, Run("continue", s_prompt, output, "--events", "48", "--seed", "3", "--model", s_model));

        var prompt = MidiFile.Read(s_prompt);
        var result = MidiFile.Read(output);
        Assert.Equal(prompt.Tracks.Count + 1, result.Tracks.Count);
        for (var t = 0; t < prompt.Tracks.Count; t++)
        {
            Assert.Equal(prompt.Tracks[t].Events, result.Tracks[t].Events);
        }

        var added = result.Tracks[^1];
        Assert.Equal("phrase-transformer continuation", added.Name);
        var promptNotes = prompt.GetNotes();
        var continuation = result.GetNotes().Where(n => n.Track == result.Tracks.Count - 1).ToList();
        var pedals = added.Events.Count(e => (e.Status & 0xF0) == 0xB0 && e.Data1 == 64);
        Assert.NotEmpty(continuation);
        Assert.True(continuation.Count + pedals >= 48, $"{continuation.Count} notes + {pedals} pedal changes for 48 events");
        Assert.All(continuation, n => Assert.InRange(n.Pitch, 21, 108));
        Assert.All(continuation, n => Assert.InRange(n.Velocity, 1, 127));
        Assert.All(continuation, n => Assert.True(n.OffTick > n.OnTick, "every note-on has its later note-off"));
        Assert.True(continuation.Min(n => n.OnsetSeconds) >= promptNotes.Max(n => n.OnsetSeconds), "the continuation starts after the prompt's last onset");
        var ons = added.Events.Count(e => e.IsNoteOn);
        var offs = added.Events.Count(e => e.IsNoteOff);
        Assert.Equal(ons, offs);
    }

    [Fact]
    public void The_same_seed_gives_the_same_file_and_another_seed_another()
    {
        string[] common = ["--events", "32", "--model", s_model, "--temperature", "pitch=0.9,velocity=1.1", "--top-p", "pitch=0.95"];
        Assert.Equal(0, Run(["continue", s_prompt, Out("s1.mid"), "--seed", "11", .. common]));
        Assert.Equal(0, Run(["continue", s_prompt, Out("s1b.mid"), "--seed", "11", .. common]));
        Assert.Equal(0, Run(["continue", s_prompt, Out("s2.mid"), "--seed", "12", .. common]));
        Assert.Equal(File.ReadAllBytes(Out("s1.mid")), File.ReadAllBytes(Out("s1b.mid")));
        Assert.NotEqual(File.ReadAllBytes(Out("s1.mid")), File.ReadAllBytes(Out("s2.mid")));
    }

    [Fact]
    public void Seconds_bound_the_continuation_length()
    {
        var output = Out("t.mid");
        Assert.Equal(0, Run("continue", s_prompt, output, "--seconds", "4", "--seed", "5", "--model", s_model));
        var result = MidiFile.Read(output);
        var promptEnd = MidiFile.Read(s_prompt).GetNotes().Max(n => n.OnsetSeconds);
        var continuation = result.GetNotes().Where(n => n.Track == result.Tracks.Count - 1).ToList();
        Assert.NotEmpty(continuation);

        // Sampling stops at the first event at or past 4 s, so the last onset lies within the span plus one event's shift (≤ 8 s by the encoding).
        Assert.InRange(continuation.Max(n => n.OnsetSeconds) - promptEnd, 0, 4 + 8);
    }

    [Fact]
    public void Style_is_taken_by_a_styled_model_and_refused_by_a_styleless_one()
    {
        var config = new MusicGen.Live.Models.PhraseTransformer.PhraseTransformerConfig { Layers = 1, ModelDim = 32, Heads = 2, MlpDim = 64, Window = 64, Styles = 2 };
        var styled = Out("styled");
        var model = MusicGen.Live.Models.PhraseTransformer.PhraseTransformerModel.Random(new Random(3), config);
        MusicGen.Live.Models.PhraseTransformer.PhraseTransformerFile.Save(styled, model.ToNamedTensors(), MusicGen.Live.Models.PhraseTransformer.PhraseTransformerFile.NewCard(config));
        string[] common = ["--events", "24", "--seed", "9", "--model", styled];
        Assert.Equal(0, Run(["continue", s_prompt, Out("pop.mid"), "--style", "pop", .. common]));
        Assert.Equal(0, Run(["continue", s_prompt, Out("classical.mid"), "--style", "classical", .. common]));
        Assert.NotEqual(File.ReadAllBytes(Out("pop.mid")), File.ReadAllBytes(Out("classical.mid")));
        Assert.Equal(1, Run(["continue", s_prompt, Out("jazz.mid"), "--style", "jazz", .. common]));
        Assert.False(File.Exists(Out("jazz.mid")));

        if (MusicGen.Live.Models.PhraseTransformer.PhraseTransformerFile.ConfigOf(MusicGen.Live.Models.PhraseTransformer.PhraseTransformerFile.ReadCard(s_model + ".json")).Styles == 0)
        {
            // The shipped model has no styles: asking for one is an error (exit 1, the reason on stderr), not ignored.
            Assert.Equal(1, Run("continue", s_prompt, Out("plain.mid"), "--style", "pop", "--model", s_model));
            Assert.False(File.Exists(Out("plain.mid")));
            Assert.Equal(0, Run("continue", s_prompt, Out("none.mid"), "--style", "none", "--events", "8", "--model", s_model));
        }
    }

    [Theory]
    [InlineData("--events", "10", "--seconds", "2")]
    [InlineData("--events", "0")]
    [InlineData("--temperature", "colour=2")]
    [InlineData("--top-p", "pitch=abc")]
    public void Bad_options_fail_with_exit_1_and_write_nothing(params string[] options)
    {
        var output = Out("bad.mid");
        Assert.Equal(1, Run(["continue", s_prompt, output, "--model", s_model, .. options]));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_prompt_without_notes_or_a_missing_model_fails_with_exit_1()
    {
        var empty = Out("empty.mid");
        var file = new MidiFile(1, MidiDivision.FromTicksPerQuarterNote(480));
        file.Tracks.Add(new MidiTrack([MidiEvent.Tempo(0, 500_000)], 10));
        file.Write(empty);
        Assert.Equal(1, Run("continue", empty, Out("x.mid"), "--model", s_model));
        Assert.Equal(1, Run("continue", s_prompt, Out("y.mid"), "--model", Out("no-such-model")));
        Assert.False(File.Exists(Out("x.mid")));
        Assert.False(File.Exists(Out("y.mid")));
    }
}
