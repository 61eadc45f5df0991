namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>The "training" section of configs/training/phrase-transformer.json. <see cref="Validate"/> names the bad value.</summary>
public sealed record PhraseTrainingOptions
{
    public int Batch { get; init; } = 8;

    /// <summary>Events per training window (≤ the model window, so training sees what decoding sees).</summary>
    public int Seq { get; init; } = 256;

    public float LearningRate { get; init; } = 1e-3f;

    public float MinLearningRate { get; init; } = 1e-4f;

    public float WeightDecay { get; init; } = 0.01f;

    public int WarmupSteps { get; init; } = 200;

    /// <summary>Steps of the cosine schedule (training may be stopped earlier; best-by-valid is kept).</summary>
    public int TotalSteps { get; init; } = 4000;

    public double ClipNorm { get; init; } = 1.0;

    public int EvalEvery { get; init; } = 100;

    /// <summary>Windows per valid file used for the running validation NLL (fixed, from the file start).</summary>
    public int ValidWindowsPerFile { get; init; } = 2;

    /// <summary>Patience in evaluations without a better valid NLL before stopping (0 = never stop early).</summary>
    public int Patience { get; init; } = 8;

    public int Threads { get; init; } = 2;

    public ulong Seed { get; init; } = 1234;

    public int MaxTranspose { get; init; } = 5;

    public double MaxTempoChange { get; init; } = 0.1;

    public bool IncludePop909 { get; init; }

    /// <summary>
    /// Data sets to train and validate on, each with its style (<see cref="PhraseCorpus.DatasetStyles"/>): "nasap",
    /// "pop909", "pianomidide". Needs a model with styles; unset = nasap (+ pop909 PIANO with
    /// <see cref="IncludePop909"/>), no style. Validation then reports each data set, and selects on their mean.
    /// </summary>
    public string[]? Datasets { get; init; }

    /// <summary>Probability that a training window is fed without its style (so "no style" stays usable).</summary>
    public double StyleDropout { get; init; } = 0.1;

    /// <summary>Checkpoints, curves and the cache go here (git-ignored).</summary>
    public string RunDir { get; init; } = "runs/phrase";

    /// <summary>Featurised event cache (git-ignored); delete to rebuild.</summary>
    public string CacheDir { get; init; } = "runs/phrase-cache";

    /// <summary>Where best-by-valid weights and the model card are written.</summary>
    public string ModelPath { get; init; } = "models/phrase-transformer";

    /// <summary>
    /// Start from these weights (a .safetensors file, such as the shipped model's) instead of random ones: a further
    /// stage when the run folder, and so its checkpoint, is gone. Optimizer moments start at zero, hence warm-up.
    /// </summary>
    public string? InitFrom { get; init; }

    public void Validate()
    {
        Check(Batch > 0, nameof(Batch), Batch);
        Check(Seq > 1, nameof(Seq), Seq);
        Check(LearningRate > 0 && MinLearningRate >= 0, nameof(LearningRate), LearningRate);
        Check(WarmupSteps >= 0 && TotalSteps > WarmupSteps, nameof(TotalSteps), TotalSteps);
        Check(ClipNorm > 0, nameof(ClipNorm), ClipNorm);
        Check(EvalEvery > 0, nameof(EvalEvery), EvalEvery);
        Check(ValidWindowsPerFile > 0, nameof(ValidWindowsPerFile), ValidWindowsPerFile);
        Check(Threads is > 0 and <= 64, nameof(Threads), Threads);
        Check(MaxTranspose is >= 0 and <= 12, nameof(MaxTranspose), MaxTranspose);
        Check(MaxTempoChange is >= 0 and < 0.5, nameof(MaxTempoChange), MaxTempoChange);
        Check(StyleDropout is >= 0 and < 1, nameof(StyleDropout), StyleDropout);
        Check(
            Datasets is null || (Datasets.Length > 0 && Datasets.All(PhraseCorpus.DatasetStyles.ContainsKey) && Datasets.Distinct().Count() == Datasets.Length),
            nameof(Datasets),
            Datasets is null ? "null" : string.Join(",", Datasets));
        Check(Datasets is null || !IncludePop909, nameof(IncludePop909), "true with datasets (list pop909 in datasets instead)");

        static void Check(bool ok, string name, object value)
        {
            if (!ok)
            {
                throw new InvalidDataException($"phrase training config: {name} = {value} is out of range");
            }
        }
    }
}
