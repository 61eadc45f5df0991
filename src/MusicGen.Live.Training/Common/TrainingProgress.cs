namespace MusicGen.Live.Training.Common;

/// <summary>A snapshot for progress displays: where the run is and how it goes. <see cref="ValidMetric"/> is NaN until the first validation.</summary>
public readonly record struct TrainingProgress(
    int Epoch,
    int MaxEpochs,
    int StepInEpoch,
    int StepsPerEpoch,
    long GlobalStep,
    double TrainLoss,
    float LearningRate,
    double ValidMetric,
    double BestMetric,
    TimeSpan Elapsed,
    string Phase);
