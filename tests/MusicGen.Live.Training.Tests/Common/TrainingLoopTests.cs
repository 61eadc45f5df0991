using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.Tests.Common;

public sealed class TrainingLoopTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "musicgen-loop-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private TrainingOptions Options(string name, int epochs = 3) => new()
    {
        RunDirectory = Path.Combine(_dir, name),
        MaxEpochs = epochs,
        StepsPerEpoch = 20,
        CheckpointEverySteps = 7,
        Patience = 10,
        Adam = new AdamOptions { LearningRate = 0.05f },
        WarmupSteps = 3,
        MinLearningRateFraction = 0.1f,
        Seed = 42,
    };

    [Fact]
    public void Training_reduces_the_validation_metric_and_writes_curves_and_best_weights()
    {
        var task = new ToyRegressionTask();
        var first = task.Validate().Metric;
        var loop = new TrainingLoop(task, Options("plain") with { Adam = new AdamOptions { LearningRate = 0.1f } });
        var summary = loop.Run();
        Assert.Equal(3, summary.EpochsDone);
        Assert.True(summary.BestMetric < first / 3, $"metric {summary.BestMetric} vs initial {first}");
        Assert.True(File.Exists(loop.BestPath));
        var lines = File.ReadAllLines(Path.Combine(_dir, "plain", TrainingLoop.CurvesFile));
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("epoch,step,train_loss,lr,valid_mse,param_err,elapsed_s", lines[0], StringComparison.Ordinal);
        Assert.True(task.BestCalls >= 1);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "plain"), "epoch-*"));
    }

    [Fact]
    public void A_run_cancelled_mid_epoch_and_resumed_ends_with_the_same_weights_as_an_uninterrupted_run()
    {
        var whole = new ToyRegressionTask();
        new TrainingLoop(whole, Options("whole")).Run();

        var first = new ToyRegressionTask();
        using var cts = new CancellationTokenSource();
        var cut = new TrainingLoop(first, Options("cut"), p =>
        {
            if (p.GlobalStep == 31)
            {
                cts.Cancel();
            }
        }).Run(cts.Token);
        Assert.True(cut.Cancelled);

        var resumed = new ToyRegressionTask();
        var summary = new TrainingLoop(resumed, Options("cut")).Run();
        Assert.False(summary.Cancelled);
        Assert.Equal(60, summary.Steps);
        for (var i = 0; i < whole.Parameters.Count; i++)
        {
            Assert.Equal(whole.Parameters.Parameters[i].Values.ToArray(), resumed.Parameters.Parameters[i].Values.ToArray());
        }

        Assert.Equal(4, File.ReadAllLines(Path.Combine(_dir, "cut", TrainingLoop.CurvesFile)).Length);
    }

    [Fact]
    public void Keeping_epoch_weights_saves_the_weights_after_every_epoch()
    {
        var task = new ToyRegressionTask();
        var options = Options("epochs") with { KeepEpochWeights = true };
        new TrainingLoop(task, options).Run();
        Assert.Equal(
            ["epoch-001.safetensors", "epoch-002.safetensors", "epoch-003.safetensors"],
            Directory.GetFiles(options.RunDirectory, "epoch-*").Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The last epoch's file holds the final weights; the first one differs from them (training went on).
        var last = SafeTensors.Read(TrainingLoop.EpochWeightsPath(options.RunDirectory, 3));
        var first = SafeTensors.Read(TrainingLoop.EpochWeightsPath(options.RunDirectory, 1));
        foreach (var p in task.Parameters.Parameters)
        {
            Assert.Equal(p.Values.ToArray(), last.All[p.Name].Data);
        }

        Assert.Contains(task.Parameters.Parameters, p => !p.Values.SequenceEqual(first.All[p.Name].Data));
    }

    [Fact]
    public void Early_stopping_ends_after_patience_validations_without_a_new_best()
    {
        var task = new ToyRegressionTask(v => v == 1 ? 0.5 : 1.0 + v);
        var summary = new TrainingLoop(task, Options("early", epochs: 20) with { Patience = 2 }).Run();
        Assert.True(summary.StoppedEarly);
        Assert.Equal(4, summary.EpochsDone);
        Assert.Equal(1, summary.BestEpoch);
        Assert.Equal(0.5, summary.BestMetric);
    }

    [Fact]
    public void Bad_options_are_rejected_by_name()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingLoop(new ToyRegressionTask(), Options("bad") with { StepsPerEpoch = 0 }));
        Assert.Contains("StepsPerEpoch", ex.Message, StringComparison.Ordinal);
    }
}
