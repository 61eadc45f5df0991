namespace MusicGen.Live.Tensors.Optim;

/// <summary>
/// Learning rate with linear warm-up then cosine decay: for step s (0-based), lr = base·(s+1)/warmup while
/// s &lt; warmup, then min + (base − min)·½(1 + cos(π·progress)) with progress running 0 → 1 over the
/// remaining steps, and min after the last step.
/// </summary>
public sealed record WarmupCosineSchedule(float BaseLearningRate, int WarmupSteps, int TotalSteps, float MinLearningRate = 0f)
{
    public float At(long step)
    {
        if (WarmupSteps < 0 || TotalSteps < 1 || BaseLearningRate < 0 || MinLearningRate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"bad schedule: base {BaseLearningRate}, warm-up {WarmupSteps}, total {TotalSteps}, min {MinLearningRate}");
        }

        if (step < WarmupSteps)
        {
            return BaseLearningRate * (step + 1) / WarmupSteps;
        }

        var span = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / span);
        return (float)(MinLearningRate + ((BaseLearningRate - MinLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress))));
    }
}
