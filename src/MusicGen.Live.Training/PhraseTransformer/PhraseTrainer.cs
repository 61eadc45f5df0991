using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// <c>musicgen train transformer</c>: loads (or featurises and caches) the train and valid splits and runs the
/// shared <see cref="TrainingLoop"/> (resumable from RunDir/checkpoint.safetensors, curves.csv, best by valid NLL,
/// early stopping). One "epoch" of the loop is <see cref="PhraseTrainingOptions.EvalEvery"/> steps.
/// Threading: the caller's thread.
/// </summary>
public static class PhraseTrainer
{
    public static TrainingSummary Run(PhraseTrainingConfig config, string dataRoot, Action<string> log, Action<TrainingProgress>? progress, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(log);
        var o = config.Training;
        var cacheDir = o.CacheDir;
        var train = o.Datasets is { } sets ? PhraseCorpus.LoadDatasets(dataRoot, "train", sets, cacheDir, o.Threads) : PhraseCorpus.Load(dataRoot, "train", o.IncludePop909, cacheDir, o.Threads);
        var valid = o.Datasets is { } vsets ? PhraseCorpus.LoadDatasets(dataRoot, "valid", vsets, cacheDir, o.Threads) : PhraseCorpus.Load(dataRoot, "valid", o.IncludePop909, cacheDir, o.Threads);
        log($"train: {train.Sequences.Count} performances, {train.EventCount:N0} events; valid: {valid.Sequences.Count}, {valid.EventCount:N0} events");
        foreach (var g in train.Sequences.GroupBy(q => q.Dataset).Where(_ => o.Datasets is not null))
        {
            var style = g.First().Style < 0 ? "none" : ((Models.StyleNet.StyleNetStyle)g.First().Style).ToString().ToLowerInvariant();
            log($"  {g.Key}: {g.Count()} train files, {g.Sum(q => (long)q.Count):N0} events, style {style}");
        }

        using var validPool = new WorkerPool(o.Threads);
        var task = new PhraseTrainingTask(config, train, valid, validPool);
        log($"model: {task.Parameters.ScalarCount:N0} parameters, {config.Model.Layers} layers, d={config.Model.ModelDim}, window {config.Model.Window}; batch {o.Batch}x{o.Seq}");
        var options = new TrainingOptions
        {
            RunDirectory = o.RunDir,
            MaxEpochs = Math.Max(1, o.TotalSteps / o.EvalEvery),
            StepsPerEpoch = o.EvalEvery,
            Patience = o.Patience,
            CheckpointEverySteps = Math.Max(1, Math.Min(o.EvalEvery, 50)),
            Adam = AdamOptions.AdamW(o.LearningRate, o.WeightDecay),
            WarmupSteps = o.WarmupSteps,
            MinLearningRateFraction = o.MinLearningRate / o.LearningRate,
            ClipNorm = o.ClipNorm,
            Seed = o.Seed,
            Threads = o.Threads,
        };
        return new TrainingLoop(task, options, progress).Run(cancel);
    }
}
