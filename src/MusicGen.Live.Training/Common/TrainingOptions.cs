using MusicGen.Live.Tensors.Optim;

namespace MusicGen.Live.Training.Common;

/// <summary>
/// Settings of <see cref="TrainingLoop"/>. <see cref="Validate"/> names the first bad value.
/// Learning rate follows a linear warm-up then cosine decay over <see cref="MaxEpochs"/>·<see cref="StepsPerEpoch"/>.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Folder for checkpoint.safetensors, best.safetensors and curves.csv (created if missing).</summary>
    public required string RunDirectory { get; init; }

    public int MaxEpochs { get; init; } = 20;

    /// <summary>Optimiser steps between two validations.</summary>
    public int StepsPerEpoch { get; init; } = 100;

    /// <summary>Stop after this many validations without a new best.</summary>
    public int Patience { get; init; } = 3;

    /// <summary>Save a resumable checkpoint every this many steps (and at every epoch end and on cancel).</summary>
    public int CheckpointEverySteps { get; init; } = 50;

    public AdamOptions Adam { get; init; } = new();

    public int WarmupSteps { get; init; }

    /// <summary>Floor of the cosine decay, as a fraction of the base rate (1 = constant rate).</summary>
    public float MinLearningRateFraction { get; init; } = 1f;

    /// <summary>Global-norm gradient clipping; 0 = off.</summary>
    public double ClipNorm { get; init; } = 1.0;

    public ulong Seed { get; init; } = 1;

    public int Threads { get; init; } = 1;

    /// <summary>
    /// Also save the weights after every epoch as <c>epoch-NNN.safetensors</c> (1-based), the inputs of stochastic
    /// weight averaging (tools/average_weights.py), so that stage needs no watcher copying checkpoints.
    /// </summary>
    public bool KeepEpochWeights { get; init; }

    /// <summary>Continue from RunDirectory/checkpoint.safetensors when it exists.</summary>
    public bool Resume { get; init; } = true;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RunDirectory))
        {
            throw new ArgumentException("training option RunDirectory is empty", nameof(RunDirectory));
        }

        Positive(MaxEpochs, nameof(MaxEpochs));
        Positive(StepsPerEpoch, nameof(StepsPerEpoch));
        Positive(Patience, nameof(Patience));
        Positive(CheckpointEverySteps, nameof(CheckpointEverySteps));
        Positive(Threads, nameof(Threads));
        if (WarmupSteps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "training option WarmupSteps must be >= 0");
        }

        if (MinLearningRateFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinLearningRateFraction), MinLearningRateFraction, "training option MinLearningRateFraction must be in [0, 1]");
        }

        if (ClipNorm < 0 || !double.IsFinite(ClipNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipNorm), ClipNorm, "training option ClipNorm must be >= 0");
        }

        Adam.Validate();

        static void Positive(int value, string name)
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(name, value, $"training option {name} must be at least 1");
            }
        }
    }
}
