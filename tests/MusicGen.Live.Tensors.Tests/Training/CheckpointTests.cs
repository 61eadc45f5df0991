using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Tensors.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"musicgen-ckpt-{Guid.NewGuid():N}");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Resumed_run_is_bit_identical_to_an_uninterrupted_one(int threads)
    {
        const int K = 4, More = 5;
        var path = Path.Combine(_dir, "run.safetensors");
        using var straight = new TinyBiLstmRun(seed: 42, threads);
        using (var first = new TinyBiLstmRun(seed: 42, threads))
        {
            for (var i = 0; i < K; i++)
            {
                first.TrainStep();
            }

            Checkpoint.Save(path, first.Step, first.Params, first.Optimizer, first.Rng);
        }

        for (var i = 0; i < K + More; i++)
        {
            straight.TrainStep();
        }

        // A different seed: everything that matters must come from the checkpoint.
        using var resumed = new TinyBiLstmRun(seed: 7, threads);
        resumed.Step = Checkpoint.Load(path, resumed.Params, resumed.Optimizer, resumed.Rng);
        Assert.Equal(K, resumed.Step);
        for (var i = 0; i < More; i++)
        {
            resumed.TrainStep();
        }

        Assert.Equal(straight.Snapshot(), resumed.Snapshot());
        Assert.Equal(straight.Optimizer.StepCount, resumed.Optimizer.StepCount);
    }

    [Fact]
    public void Truncated_file_is_a_format_error()
    {
        var path = Path.Combine(_dir, "cut.safetensors");
        using var run = new TinyBiLstmRun(1, 1);
        run.TrainStep();
        Checkpoint.Save(path, run.Step, run.Params, run.Optimizer, run.Rng);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        Assert.Throws<SafeTensorsFormatException>(() => Checkpoint.Load(path, run.Params, run.Optimizer, run.Rng));
    }

    [Fact]
    public void Checkpoint_of_another_model_names_the_mismatched_tensor()
    {
        var path = Path.Combine(_dir, "other.safetensors");
        var other = new ParameterSet();
        var lstm = new LstmModule(other, "lstm", TinyBiLstmRun.In + 1, TinyBiLstmRun.H, 2, bidirectional: true);
        _ = new LinearModule(other, "head", lstm.OutputSize, TinyBiLstmRun.Out);
        Checkpoint.Save(path, 0, other, new Tensors.Optim.Adam(other, new Tensors.Optim.AdamOptions()), new TrainRandom(1));
        using var run = new TinyBiLstmRun(1, 1);
        var ex = Assert.Throws<WeightMismatchException>(() => Checkpoint.Load(path, run.Params, run.Optimizer, run.Rng));
        Assert.Equal("lstm.weight_ih_l0", ex.TensorName);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
