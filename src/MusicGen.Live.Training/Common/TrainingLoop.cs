using System.Diagnostics;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Training.Common;

/// <summary>
/// The generic epoch loop: steps (forward from the task, backward, clipping, warm-up + cosine learning rate,
/// Adam), a resumable checkpoint every <see cref="TrainingOptions.CheckpointEverySteps"/> steps and at every
/// epoch end, validation after each epoch, best weights by the validation metric, early stopping, and one
/// curve-log row per epoch. Files in <see cref="TrainingOptions.RunDirectory"/>: <c>checkpoint.safetensors</c>,
/// <c>best.safetensors</c>, <c>curves.csv</c>. A run killed at any moment resumes from its last checkpoint and,
/// since batches draw from the checkpointed generator, continues exactly as the uninterrupted run would have.
/// Threading: <see cref="Run"/> runs on the caller's thread (ops may fan out to the worker pool);
/// cancellation is checked between steps and saves a checkpoint before returning.
/// </summary>
public sealed class TrainingLoop
{
    public const string CheckpointFile = "checkpoint.safetensors";
    public const string BestFile = "best.safetensors";
    public const string CurvesFile = "curves.csv";

    private readonly ITrainingTask _task;
    private readonly TrainingOptions _options;
    private readonly Action<TrainingProgress>? _progress;

    public TrainingLoop(ITrainingTask task, TrainingOptions options, Action<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _task = task;
        _options = options;
        _progress = progress;
    }

    public string CheckpointPath => Path.Combine(_options.RunDirectory, CheckpointFile);

    public string BestPath => Path.Combine(_options.RunDirectory, BestFile);

    /// <summary>Where <see cref="TrainingOptions.KeepEpochWeights"/> saves the weights after epoch <paramref name="epoch"/> (1-based).</summary>
    public static string EpochWeightsPath(string runDirectory, int epoch) => Path.Combine(runDirectory, $"epoch-{epoch:D3}.safetensors");

    public TrainingSummary Run(CancellationToken cancellationToken = default)
    {
        var o = _options;
        Directory.CreateDirectory(o.RunDirectory);
        using var pool = new WorkerPool(o.Threads);
        var tape = new Tape(pool);
        var rng = new TrainRandom(o.Seed);
        var adam = new Adam(_task.Parameters, o.Adam);
        var schedule = new WarmupCosineSchedule(o.Adam.LearningRate, o.WarmupSteps, o.MaxEpochs * o.StepsPerEpoch, o.Adam.LearningRate * o.MinLearningRateFraction);
        var curves = new CurveLog(Path.Combine(o.RunDirectory, CurvesFile));
        CheckpointState state;
        if (o.Resume && File.Exists(CheckpointPath))
        {
            state = CheckpointStore.Load(CheckpointPath, _task.Parameters, adam);
            rng.SetState(state.Random);
        }
        else
        {
            _task.Initialize(rng);
            state = new CheckpointState { Random = rng.GetState() };
        }

        var clock = Stopwatch.StartNew();
        var lastValid = double.NaN;
        var cancelled = false;
        var stoppedEarly = state.EpochsWithoutBest >= o.Patience;
        while (!stoppedEarly && state.Epoch < o.MaxEpochs)
        {
            double lossSum = 0;
            var lossCount = 0;
            while (state.StepInEpoch < o.StepsPerEpoch)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }

                tape.Reset();
                tape.Training = true;
                _task.Parameters.ZeroGrad();
                var loss = _task.Loss(tape, rng);
                tape.Backward(loss, state.GlobalStep);
                if (o.ClipNorm > 0)
                {
                    GradClip.ClipByGlobalNorm(_task.Parameters, o.ClipNorm);
                }

                adam.LearningRate = schedule.At(state.GlobalStep);
                adam.Step();
                lossSum += loss.Data[0];
                lossCount++;
                state = state with { StepInEpoch = state.StepInEpoch + 1, GlobalStep = state.GlobalStep + 1 };
                Report(state, lossSum / lossCount, adam.LearningRate, lastValid, clock, "train");
                if (state.GlobalStep % o.CheckpointEverySteps == 0)
                {
                    Save(state, adam, rng);
                }
            }

            if (cancelled)
            {
                break;
            }

            tape.Training = false;
            var result = _task.Validate();
            lastValid = result.Metric;
            var improved = result.Metric < state.BestMetric;
            state = state with
            {
                Epoch = state.Epoch + 1,
                StepInEpoch = 0,
                BestMetric = improved ? result.Metric : state.BestMetric,
                BestEpoch = improved ? state.Epoch : state.BestEpoch,
                EpochsWithoutBest = improved ? 0 : state.EpochsWithoutBest + 1,
            };
            if (o.KeepEpochWeights)
            {
                CheckpointStore.SaveWeights(EpochWeightsPath(o.RunDirectory, state.Epoch), _task.Parameters);
            }

            if (improved)
            {
                CheckpointStore.SaveWeights(BestPath, _task.Parameters);
                _task.OnBest(BestPath, result, state.Epoch - 1);
            }

            var row = new List<KeyValuePair<string, double>>
            {
                new("epoch", state.Epoch),
                new("step", state.GlobalStep),
                new("train_loss", lossCount == 0 ? double.NaN : lossSum / lossCount),
                new("lr", adam.LearningRate),
                new(_task.MetricName, result.Metric),
            };
            row.AddRange(result.Extra);
            row.Add(new("elapsed_s", clock.Elapsed.TotalSeconds));
            curves.Append(row);
            Save(state, adam, rng);
            Report(state, lossCount == 0 ? double.NaN : lossSum / lossCount, adam.LearningRate, lastValid, clock, improved ? "valid (new best)" : "valid");
            stoppedEarly = state.EpochsWithoutBest >= o.Patience;
        }

        if (cancelled)
        {
            Save(state, adam, rng);
        }

        return new TrainingSummary(state.Epoch, state.GlobalStep, state.BestMetric, state.BestEpoch, stoppedEarly, cancelled, BestPath);
    }

    private void Save(CheckpointState state, Adam adam, TrainRandom rng) =>
        CheckpointStore.Save(CheckpointPath, _task.Parameters, adam, state with { AdamStep = adam.StepCount, Random = rng.GetState() });

    private void Report(CheckpointState s, double loss, float lr, double valid, Stopwatch clock, string phase) =>
        _progress?.Invoke(new TrainingProgress(
            Math.Min(s.Epoch, _options.MaxEpochs - 1), _options.MaxEpochs, s.StepInEpoch, _options.StepsPerEpoch, s.GlobalStep, loss, lr, valid, s.BestMetric, clock.Elapsed, phase));
}
