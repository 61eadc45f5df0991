using MusicGen.Live.Cli.Commands;
using MusicGen.Live.Cli.Live;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Cli.Tests;

/// <summary>The live engine's velocity stage as <c>humanize.model</c> picks it, from the shipped cards.</summary>
public sealed class StageFactoryTests
{
    [Theory]
    [InlineData(VelocityModel.Note, "hidden 96")]
    [InlineData(VelocityModel.Large, "hidden 160")]
    public void Each_velocity_model_loads_its_shipped_card(VelocityModel model, string size)
    {
        var stage = StageFactory.Velocity(new HumanizeOptions { Model = model }, RepoPaths.Root);
        Assert.IsType<StyleNetVelocityStage>(stage);
        Assert.Contains(size, stage.Name);
    }

    [Fact]
    public void The_two_models_give_a_phrase_different_velocities()
    {
        int[] Velocities(VelocityModel model)
        {
            var stage = StageFactory.Velocity(new HumanizeOptions { Model = model }, RepoPaths.Root);
            var notes = Enumerable.Range(0, 16).Select(i => new NoteOnset(i, i * 0.21, 0, (byte)(60 + (i * 5 % 12)), 80, false)).ToArray();
            return [.. Enumerable.Range(0, notes.Length).Select(i => stage.Velocity(notes.AsSpan(0, i + 1), i, 0))];
        }

        var note = Velocities(VelocityModel.Note);
        Assert.True(note.Distinct().Count() > 3, string.Join(",", note)); // shaped, not a flat copy of the input
        Assert.NotEqual(note, Velocities(VelocityModel.Large));
    }

    [Fact]
    public void On_onnx_the_stage_names_its_runtime_and_gives_the_native_velocities()
    {
        var notes = Enumerable.Range(0, 24).Select(i => new NoteOnset(i, i * 0.19, 0, (byte)(55 + (i * 7 % 17)), 80, false)).ToArray();
        int[] Velocities(IVelocityStage stage) => [.. Enumerable.Range(0, notes.Length).Select(i => stage.Velocity(notes.AsSpan(0, i + 1), i, 0))];
        var onnx = StageFactory.Velocity(new HumanizeOptions(), RepoPaths.Root, new RuntimeChoice(ModelRuntime.Onnx, Onnx.OnnxDevice.Cpu));
        Assert.Contains("on onnx cpu", onnx.Name, StringComparison.Ordinal);
        Assert.Equal(Velocities(StageFactory.Velocity(new HumanizeOptions(), RepoPaths.Root)), Velocities(onnx));
    }

    [Fact]
    public void The_phrase_generator_runs_on_onnx_when_asked()
    {
        var generator = StageFactory.Generator(RepoPaths.Root, new RuntimeChoice(ModelRuntime.Onnx, Onnx.OnnxDevice.Cpu));
        Assert.Contains("onnx", generator.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void The_large_model_asked_for_without_its_card_is_an_error_that_names_it()
    {
        var empty = Directory.CreateTempSubdirectory("mgl-nomodels").FullName;
        try
        {
            var ex = Assert.Throws<FileNotFoundException>(() => StageFactory.Velocity(new HumanizeOptions { Model = VelocityModel.Large }, empty));
            Assert.Contains("humanize.model 'large'", ex.Message);
            Assert.Contains("stylenet-note-large.json", ex.Message);

            // The engine's own model missing still falls back to the named placeholder, so the engine always runs.
            Assert.IsType<ContourVelocityStage>(StageFactory.Velocity(new HumanizeOptions(), empty));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
