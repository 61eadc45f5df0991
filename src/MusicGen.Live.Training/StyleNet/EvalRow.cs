using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// One row of the StyleNet evaluation table: a model or baseline with its metrics in each timing form, and (where
/// measured) its expressiveness ratios against the pianist's in each, and the two-sample discriminator's accuracy on
/// performance-timing windows (<see cref="TwoSampleDiscriminator"/>; NaN where not measured).
/// </summary>
public sealed record EvalRow(
    string Name,
    RegressionMetrics Performance,
    RegressionMetrics Score,
    ExpressivenessStats? PerformanceExpressiveness = null,
    ExpressivenessStats? ScoreExpressiveness = null,
    double Discriminator = double.NaN);
