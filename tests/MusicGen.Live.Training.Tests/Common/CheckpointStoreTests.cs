using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.Tests.Common;

/// <summary>The checkpoint file's failure cases; resuming bit-identically is <see cref="TrainingLoopTests"/>' job.</summary>
public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"musicgen-ckpt-{Guid.NewGuid():N}");

    [Fact]
    public void Truncated_file_is_a_format_error()
    {
        var path = Path.Combine(_dir, "cut.safetensors");
        var (ps, adam) = Model(inFeatures: 3);
        CheckpointStore.Save(path, ps, adam, new CheckpointState { GlobalStep = 1 });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        Assert.Throws<SafeTensorsFormatException>(() => CheckpointStore.Load(path, ps, adam));
    }

    [Fact]
    public void Checkpoint_of_another_model_names_the_mismatched_tensor()
    {
        var path = Path.Combine(_dir, "other.safetensors");
        var (other, otherAdam) = Model(inFeatures: 4);
        CheckpointStore.Save(path, other, otherAdam, new CheckpointState());
        var (ps, adam) = Model(inFeatures: 3);
        var ex = Assert.Throws<WeightMismatchException>(() => CheckpointStore.Load(path, ps, adam));
        Assert.Equal(CheckpointStore.ModelPrefix + "head.weight", ex.TensorName);
    }

    [Fact]
    public void Saved_weights_and_moments_come_back_exactly()
    {
        var path = Path.Combine(_dir, "run.safetensors");
        var (ps, adam) = Model(inFeatures: 3);
        ps.Parameters[0].Data.AsSpan().Fill(0.25f);
        adam.FirstMoment(0).AsSpan().Fill(0.5f);
        adam.StepCount = 9;
        CheckpointStore.Save(path, ps, adam, new CheckpointState { GlobalStep = 9, AdamStep = 9, Random = [1, 2, 3, 4] });
        var (back, backAdam) = Model(inFeatures: 3);
        var state = CheckpointStore.Load(path, back, backAdam);
        Assert.Equal(9, state.GlobalStep);
        Assert.Equal(9, backAdam.StepCount);
        Assert.Equal(ps.Parameters[0].Data, back.Parameters[0].Data);
        Assert.Equal(adam.FirstMoment(0), backAdam.FirstMoment(0));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static (ParameterSet Parameters, Adam Optimizer) Model(int inFeatures)
    {
        var ps = new ParameterSet();
        _ = new LinearModule(ps, "head", inFeatures, 2);
        return (ps, new Adam(ps, new AdamOptions()));
    }
}
