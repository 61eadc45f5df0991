using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Training.Common;

/// <summary>
/// What a model gives <see cref="TrainingLoop"/>: its parameters, one training batch's loss, and a
/// validation score. The loop owns the optimiser, the schedule, checkpoints, early stopping and logs, so a
/// task only knows its model and its data. All members are called on the training thread.
/// </summary>
public interface ITrainingTask
{
    /// <summary>The trainable tensors; checkpoints save and restore them by name.</summary>
    ParameterSet Parameters { get; }

    /// <summary>Name of the validation metric (a CSV column, e.g. <c>valid_mae</c>); lower is better.</summary>
    string MetricName { get; }

    /// <summary>Fresh weights for a new run (not called when resuming).</summary>
    void Initialize(TrainRandom rng);

    /// <summary>
    /// Builds one batch (drawing any randomness from <paramref name="rng"/>, so a resumed run draws the same
    /// batches) and records its forward pass on <paramref name="tape"/>; returns the scalar loss. The loop runs
    /// backward, clipping and the optimiser step.
    /// </summary>
    Var Loss(Tape tape, TrainRandom rng);

    /// <summary>Scores the current weights on the valid split (never test). <c>Metric</c> decides early stopping.</summary>
    ValidationResult Validate();

    /// <summary>Called after the loop saved new best weights to <paramref name="weightsPath"/> (write a model card here).</summary>
    void OnBest(string weightsPath, ValidationResult result, int epoch);
}
