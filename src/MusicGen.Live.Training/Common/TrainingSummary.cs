namespace MusicGen.Live.Training.Common;

/// <summary>How a <see cref="TrainingLoop.Run"/> ended.</summary>
public sealed record TrainingSummary(int EpochsDone, long Steps, double BestMetric, int BestEpoch, bool StoppedEarly, bool Cancelled, string BestWeightsPath);
