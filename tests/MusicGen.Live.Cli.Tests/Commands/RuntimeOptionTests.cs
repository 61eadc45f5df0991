using System.CommandLine;
using MusicGen.Live.Midi;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests.Commands;

/// <summary>
/// <c>--runtime onnx</c> end to end: continue and humanize write the same files as the native runtime with the same
/// seed, models without an ONNX step and devices without <c>--runtime onnx</c> are refused, and the demo runs on the
/// in-process loopback ports without JACK (what Windows users get) with both models on ONNX Runtime.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class RuntimeOptionTests : IDisposable
{
    private static readonly string s_prompt = Path.Combine(RepoPaths.Data, "pianomidide", "midis", "Clementi", "clementi_opus36_1_2.mid");
    private readonly string _dir = Directory.CreateTempSubdirectory("musicgen-runtime-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Run(params string[] args) =>
        MusicGenCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });

    private string Out(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Continue_on_onnx_writes_the_native_file()
    {
        string[] common = ["--events", "40", "--seed", "9", "--model", RepoPaths.InRepo("models", "phrase-transformer")];
        Assert.Equal(0, Run(["continue", s_prompt, Out("native.mid"), .. common]));
        Assert.Equal(0, Run(["continue", s_prompt, Out("onnx.mid"), "--runtime", "onnx", .. common]));
        Assert.Equal(File.ReadAllBytes(Out("native.mid")), File.ReadAllBytes(Out("onnx.mid")));
    }

    [Theory]
    [InlineData("note")]
    [InlineData("large")]
    public void Humanize_on_onnx_writes_the_native_file(string model)
    {
        string[] common = ["--model", model, "--models-dir", RepoPaths.InRepo("models")];
        Assert.Equal(0, Run(["humanize", s_prompt, Out("native.mid"), .. common]));
        Assert.Equal(0, Run(["humanize", s_prompt, Out("onnx.mid"), "--runtime", "onnx", .. common]));
        Assert.Equal(File.ReadAllBytes(Out("native.mid")), File.ReadAllBytes(Out("onnx.mid")));
    }

    [Fact]
    public void Models_without_an_onnx_step_and_devices_without_onnx_are_refused()
    {
        Assert.NotEqual(0, Run("humanize", s_prompt, Out("e.mid"), "--runtime", "onnx", "--models-dir", RepoPaths.InRepo("models")));
        Assert.False(File.Exists(Out("e.mid")));
        Assert.NotEqual(0, Run("continue", s_prompt, Out("c.mid"), "--device", "cuda", "--model", RepoPaths.InRepo("models", "phrase-transformer")));
        Assert.NotEqual(0, Run("continue", s_prompt, Out("c.mid"), "--runtime", "tpu", "--model", RepoPaths.InRepo("models", "phrase-transformer")));
        Assert.False(File.Exists(Out("c.mid")));
    }

    [Fact]
    public void The_demo_runs_on_loopback_ports_without_jack_on_onnx()
    {
        var cwd = Environment.CurrentDirectory;
        Environment.CurrentDirectory = RepoPaths.Root; // the demo reads configs/ and models/ from the repository root, as run.sh and run.ps1 start it
        try
        {
            Assert.Equal(0, Run("demo", "--ports", "loopback", "--out-dir", _dir, "--runtime", "onnx"));
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
        }

        var session = MidiFile.Read(Out("session.mid"));
        var notes = session.GetNotes();
        var played = notes.Where(n => n.Track == 1).ToList();
        Assert.Equal(MidiFile.Read(RepoPaths.InRepo("configs", "demo", "phrase.mid")).GetNotes().Count, notes.Count(n => n.Track == 0));
        Assert.NotEmpty(played);
        Assert.Contains(played, n => n.Channel != 0); // the phrase model answered
        Assert.All(played, n => Assert.True(n.OffTick > n.OnTick, "every note-on has its note-off"));
        Assert.True(File.Exists(Out("piano-roll.svg")));
    }
}
