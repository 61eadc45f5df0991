namespace MusicGen.Live.Tensors.Optim;

/// <summary>
/// Hyper-parameters of <see cref="Adam"/> with PyTorch's defaults. <see cref="Decoupled"/> selects AdamW
/// (weight decay applied to the weights, p ← p·(1 − lr·wd)) instead of Adam's L2 term added to the gradient.
/// </summary>
public sealed record AdamOptions
{
    public float LearningRate { get; init; } = 1e-3f;

    public float Beta1 { get; init; } = 0.9f;

    public float Beta2 { get; init; } = 0.999f;

    public float Epsilon { get; init; } = 1e-8f;

    public float WeightDecay { get; init; }

    public bool Decoupled { get; init; }

    /// <summary>PyTorch <c>torch.optim.AdamW</c> defaults (weight decay 0.01).</summary>
    public static AdamOptions AdamW(float learningRate = 1e-3f, float weightDecay = 0.01f) =>
        new() { LearningRate = learningRate, WeightDecay = weightDecay, Decoupled = true };

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        Check(LearningRate >= 0 && float.IsFinite(LearningRate), nameof(LearningRate), LearningRate);
        Check(Beta1 is >= 0 and < 1, nameof(Beta1), Beta1);
        Check(Beta2 is >= 0 and < 1, nameof(Beta2), Beta2);
        Check(Epsilon >= 0 && float.IsFinite(Epsilon), nameof(Epsilon), Epsilon);
        Check(WeightDecay >= 0 && float.IsFinite(WeightDecay), nameof(WeightDecay), WeightDecay);

        static void Check(bool ok, string name, float value)
        {
            if (!ok)
            {
                throw new ArgumentOutOfRangeException(name, value, $"Adam option {name} is out of range");
            }
        }
    }
}
