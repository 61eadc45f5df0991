namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>Settings of <see cref="PhraseEvaluator"/> (the eval transformer verb's options).</summary>
public sealed record PhraseEvalOptions
{
    public string Split { get; init; } = "test";

    public string DataRoot { get; init; } = "../shared/data";

    public string ModelStem { get; init; } = "models/phrase-transformer";

    public string CacheDir { get; init; } = "runs/phrase-cache";

    /// <summary>Run folder of the LSTM baseline (trained there on first use, resumable).</summary>
    public string LstmRunDir { get; init; } = "runs/phrase-lstm-12k";

    /// <summary>
    /// Most steps of the LSTM baseline's cosine schedule; early stopping on valid (patience 5 evaluations) usually
    /// ends it first. A baseline has to be trained to convergence for the comparison to mean anything: the first
    /// 1,000-step baseline was still improving when its schedule ran out.
    /// </summary>
    public int LstmSteps { get; init; } = 12000;

    /// <summary>Scored events per file: [30, min(count, this)). 30 = the LSTM's window, so every model has that context.</summary>
    public int MaxEventsPerFile { get; init; } = 512;

    /// <summary>Prompts cut from the split for the continuation statistics, spread over its performances.</summary>
    public int Prompts { get; init; } = 100;

    /// <summary>Each prompt is the events starting within this many seconds (the phrase a player would play live).</summary>
    public double PromptSeconds { get; init; } = 12;

    /// <summary>Continuations (every mode's, and the players') are compared over the notes starting within this many seconds.</summary>
    public double ContinuationSeconds { get; init; } = 8;

    /// <summary>Continuations per prompt and mode, each with its own seed.</summary>
    public int Seeds { get; init; } = 1;

    public ulong Seed { get; init; } = 7;

    public int Threads { get; init; } = 2;

    /// <summary>Per-field temperatures of the continuations ("shift=1.1,pitch=0.9"); unset fields keep the defaults of <c>continue</c>.</summary>
    public string? Temperatures { get; init; }

    /// <summary>Per-field top-p of the continuations; unset fields keep the defaults of <c>continue</c>.</summary>
    public string? TopP { get; init; }

    /// <summary>Only the continuation statistics: no NLL, so no baseline to train (for choosing sampling settings on valid).</summary>
    public bool ContinuationsOnly { get; init; }

    /// <summary>
    /// A model card whose baseline figures (unigram, pitch trigram, LSTM composer) are reused instead of fitting the
    /// baselines again: only the model is scored. The card must have scored the same split and the same number of
    /// events, so that the figures compare like with like. Saves the LSTM's ~20 minutes when its run folder is gone.
    /// </summary>
    public string? BaselinesFrom { get; init; }

    /// <summary>Write the test figures into the model card's metrics (split test only).</summary>
    public bool UpdateCard { get; init; } = true;
}
