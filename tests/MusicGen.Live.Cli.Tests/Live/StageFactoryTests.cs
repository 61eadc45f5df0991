using MusicGen.Live.Cli.Commands;
using MusicGen.Live.Cli.Live;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Ports.Loopback;
using MusicGen.Live.TestSupport;
using HumanizeOptions = MusicGen.Live.Engine.Config.HumanizeOptions;

namespace MusicGen.Live.Cli.Tests.Live;

/// <summary>
/// The live engine's stages as the options pick them, from the shipped cards: a placeholder only by name, or with a
/// warning naming the missing file; models found relative to the program, not the working directory.
/// </summary>
public sealed class StageFactoryTests
{
    [Theory]
    [InlineData("note", "hidden 96")]
    [InlineData("large", "hidden 160")]
    [InlineData("offline", "Bi-LSTM within the look-ahead, hidden 160")]
    public void Each_velocity_model_loads_its_shipped_card(string model, string size)
    {
        var warnings = new List<string>();
        var stage = StageFactory.Velocity(new HumanizeOptions { Model = model }, RepoPaths.Root, warnings);
        Assert.IsType<StyleNetVelocityStage>(stage);
        Assert.Contains(size, stage.Name);
        Assert.Empty(warnings);
    }

    [Fact]
    public void The_two_models_give_a_phrase_different_velocities()
    {
        int[] Velocities(string model)
        {
            var stage = StageFactory.Velocity(new HumanizeOptions { Model = model }, RepoPaths.Root, []);
            return Causal(stage, [.. Enumerable.Range(0, 16).Select(i => new NoteOnset(i * 0.21, 0, (byte)(60 + (i * 5 % 12)), 80, false))]);
        }

        var note = Velocities("note");
        Assert.True(note.Distinct().Count() > 3, string.Join(",", note)); // shaped, not a flat copy of the input
        Assert.NotEqual(note, Velocities("large"));
    }

    [Fact]
    public void On_onnx_the_stage_names_its_runtime_and_gives_the_native_velocities()
    {
        var notes = Enumerable.Range(0, 24).Select(i => new NoteOnset(i * 0.19, 0, (byte)(55 + (i * 7 % 17)), 80, false)).ToArray();
        int[] Velocities(IVelocityStage stage) => Causal(stage, notes);
        var onnx = StageFactory.Velocity(new HumanizeOptions(), RepoPaths.Root, [], new RuntimeChoice(ModelRuntime.Onnx, Models.Onnx.OnnxDevice.Cpu));
        Assert.Contains("on onnx cpu", onnx.Name, StringComparison.Ordinal);
        Assert.Equal(Velocities(StageFactory.Velocity(new HumanizeOptions(), RepoPaths.Root, [])), Velocities(onnx));
    }

    [Fact]
    public void The_engine_configs_runtime_reaches_both_stages_through_create()
    {
        var options = new EngineOptions { Runtime = ModelRuntime.Onnx };
        var stages = StageFactory.Create(options, RepoPaths.Root);
        Assert.Empty(stages.Warnings);
        Assert.Contains("on onnx cpu", stages.Velocity.Name, StringComparison.Ordinal);
        Assert.Contains("PhraseTransformer on onnx cpu", stages.Generator.Name, StringComparison.Ordinal);
        Assert.Equal("onnx cpu", Assert.IsType<PhraseTransformerGenerator>(stages.Generator).Runtime); // the float graphs

        // The command line's choice wins over the config's; natively the engine decodes at its compact precision.
        var native = StageFactory.Create(options, RepoPaths.Root, RuntimeChoice.Native);
        Assert.DoesNotContain("onnx", native.Names, StringComparison.Ordinal);
        var precision = PhraseTransformerGenerator.DecodePrecision.ToString().ToLowerInvariant();
        Assert.Equal($"native {precision}", Assert.IsType<PhraseTransformerGenerator>(native.Generator).Runtime);
    }

    [Fact]
    public void By_default_both_shipped_models_load_from_beside_the_program_without_a_warning()
    {
        var stages = StageFactory.Create(new EngineOptions());
        Assert.IsType<StyleNetVelocityStage>(stages.Velocity);
        Assert.IsType<PhraseTransformerGenerator>(stages.Generator);
        Assert.Empty(stages.Warnings);
        Assert.Equal(string.Empty, stages.WarningText);
        Assert.Contains("velocity=\"StyleNet note-level, hidden 160", stages.Names); // the large model
        Assert.Contains("generator=\"PhraseTransformer\"", stages.Names);
    }

    [Fact]
    public void Placeholders_asked_for_by_name_run_without_a_warning_even_where_the_models_are()
    {
        var options = new EngineOptions();
        options.Humanize.Model = VelocityModel.Contour;
        options.Continuation.Generator = GeneratorModel.Echo;
        var stages = StageFactory.Create(options, RepoPaths.Root);
        Assert.IsType<ContourVelocityStage>(stages.Velocity);
        Assert.IsType<RecentPhraseEcho>(stages.Generator);
        Assert.Empty(stages.Warnings);
        Assert.Contains("placeholder", stages.Names);
    }

    [Fact]
    public void Missing_engine_models_fall_back_to_the_placeholders_with_a_warning_that_names_each_file()
    {
        var empty = Directory.CreateTempSubdirectory("mgl-nomodels").FullName;
        try
        {
            var stages = StageFactory.Create(new EngineOptions(), empty);
            Assert.IsType<ContourVelocityStage>(stages.Velocity);
            Assert.IsType<RecentPhraseEcho>(stages.Generator);
            Assert.Equal(2, stages.Warnings.Count);
            Assert.Contains(Path.Combine(empty, "models", "stylenet-note-large.json"), stages.Warnings[0]);
            Assert.Contains("--velocity-model contour", stages.Warnings[0]);
            Assert.Contains(Path.Combine(empty, "models", "phrase-transformer.json"), stages.Warnings[1]);
            Assert.Contains("--generator echo", stages.Warnings[1]);
            Assert.StartsWith(" WARNING: velocity model", stages.WarningText);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void The_closing_summary_carries_the_fallback_warnings_and_the_velocities_not_given_as_asked()
    {
        var empty = Directory.CreateTempSubdirectory("mgl-nomodels").FullName;
        try
        {
            var options = new EngineOptions();
            options.Recording.Enabled = false;
            var stages = StageFactory.Create(options, empty);
            var (input, _) = LoopbackMidi.CreatePair("summary-in");
            var (_, output) = LoopbackMidi.CreatePair("summary-out");
            using var engine = new LiveEngine(options, input, output, stages.Velocity, stages.Generator, recordingPath: null);
            var summary = ConsoleView.Summary(engine, stages);
            Assert.Contains("early_velocities=0 ", summary);
            Assert.Contains(" WARNING: velocity model " + Path.Combine(empty, "models", "stylenet-note-large.json"), summary);
            Assert.Contains(" WARNING: phrase model " + Path.Combine(empty, "models", "phrase-transformer.json"), summary);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void A_catalog_model_that_does_not_stream_is_refused_by_name_before_loading()
    {
        var ex = Assert.Throws<ArgumentException>(() => StageFactory.Velocity(new HumanizeOptions { Model = "ensemble" }, RepoPaths.Root, []));
        Assert.Contains("humanize.model 'ensemble'", ex.Message);
        Assert.Contains("large, offline, note or contour", ex.Message);
    }

    [Fact]
    public void The_smaller_model_asked_for_without_its_card_is_an_error_that_names_it()
    {
        var empty = Directory.CreateTempSubdirectory("mgl-nomodels").FullName;
        try
        {
            // Not the default, so asked for by name: no placeholder stands in for it.
            var ex = Assert.Throws<FileNotFoundException>(() => StageFactory.Velocity(new HumanizeOptions { Model = "note" }, empty, []));
            Assert.Contains("humanize.model 'note'", ex.Message);
            Assert.Contains("stylenet-note.json", ex.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void Shipped_files_are_found_beside_a_published_program_or_in_the_repository_around_a_build()
    {
        var temp = Directory.CreateTempSubdirectory("mgl-shipped").FullName;
        try
        {
            // A published folder: models/ beside the program.
            var published = Directory.CreateDirectory(Path.Combine(temp, "publish")).FullName;
            Directory.CreateDirectory(Path.Combine(published, "models"));
            Assert.Equal(published, ShippedFiles.FindRoot(published));

            // A build output inside a repository: the folder with the solution.
            var repo = Directory.CreateDirectory(Path.Combine(temp, "repo")).FullName;
            File.WriteAllText(Path.Combine(repo, "MusicGen.Live.sln"), string.Empty);
            var bin = Directory.CreateDirectory(Path.Combine(repo, "src", "MusicGen.Live.Cli", "bin", "Release", "net10.0")).FullName;
            Assert.Equal(repo, ShippedFiles.FindRoot(bin));

            // Neither: the program's own folder, so what is missing is named there.
            var bare = Directory.CreateDirectory(Path.Combine(temp, "bare")).FullName;
            Assert.Equal(bare, ShippedFiles.FindRoot(bare));

            // This test's own program lies in the repository's build output.
            Assert.Equal(RepoPaths.Root, ShippedFiles.Root);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>The stage's causal velocities for <paramref name="notes"/>, each taken as soon as it is pushed.</summary>
    private static int[] Causal(IVelocityStage stage, NoteOnset[] notes)
    {
        stage.Reset();
        stage.Lookahead = Lookahead.Causal;
        var velocities = new int[notes.Length];
        for (var i = 0; i < notes.Length; i++)
        {
            stage.Push(notes[i]);
            Assert.True(stage.TryTake(notes[i].Seconds, force: false, out var velocity), $"note {i}: no causal velocity at its onset");
            velocities[i] = velocity;
        }

        return velocities;
    }
}
