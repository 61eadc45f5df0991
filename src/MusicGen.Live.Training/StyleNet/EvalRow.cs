using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>One row of the StyleNet evaluation table: a model or baseline with its metrics in each timing form.</summary>
public sealed record EvalRow(string Name, RegressionMetrics Performance, RegressionMetrics Score);
