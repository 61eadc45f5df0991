using System.Text.Json.Serialization;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>Training settings of the note-level StyleNet (the <c>note</c> object of configs/training/stylenet.json).</summary>
public sealed record NoteTrainingConfig
{
    [JsonPropertyName("run_dir")]
    public string RunDir { get; init; } = "runs/stylenet-note";

    [JsonPropertyName("model")]
    public NoteStyleNetConfig Model { get; init; } = new();

    [JsonPropertyName("seq_len")]
    public int SeqLen { get; init; } = 256;

    [JsonPropertyName("batch")]
    public int Batch { get; init; } = 32;

    [JsonPropertyName("epochs")]
    public int Epochs { get; init; } = 30;

    [JsonPropertyName("steps_per_epoch")]
    public int StepsPerEpoch { get; init; } = 150;

    [JsonPropertyName("patience")]
    public int Patience { get; init; } = 4;

    [JsonPropertyName("lr")]
    public float LearningRate { get; init; } = 2e-3f;

    [JsonPropertyName("warmup")]
    public int Warmup { get; init; } = 100;

    [JsonPropertyName("min_lr_fraction")]
    public float MinLearningRateFraction { get; init; } = 0.1f;

    [JsonPropertyName("clip")]
    public double Clip { get; init; } = 1.0;

    [JsonPropertyName("dropout")]
    public float Dropout { get; init; } = 0.1f;

    [JsonPropertyName("seed")]
    public ulong Seed { get; init; } = 1;

    [JsonPropertyName("checkpoint_every")]
    public int CheckpointEvery { get; init; } = 50;

    /// <summary>Share of batch rows drawn from pop909 (the pop style).</summary>
    [JsonPropertyName("pop_fraction")]
    public float PopFraction { get; init; } = 0.15f;

    /// <summary>Share of nasap rows in score timing (the rest in performance timing).</summary>
    [JsonPropertyName("score_fraction")]
    public float ScoreFraction { get; init; } = 0.5f;

    /// <summary>Share of rows trained causally (look-ahead 0); another equal share at the 1 s default, the rest uniform up to 2 s.</summary>
    [JsonPropertyName("causal_fraction")]
    public float CausalFraction { get; init; } = 0.34f;

    /// <summary>Share of performance-timing rows whose beat information is hidden (live input has none).</summary>
    [JsonPropertyName("beat_drop")]
    public float BeatDrop { get; init; } = 0.5f;

    /// <summary>Share of score-timing rows shown without their notated velocities, so the model also serves flat input.</summary>
    [JsonPropertyName("dynamics_drop")]
    public float DynamicsDrop { get; init; } = 0.3f;

    /// <summary>Look-ahead of the headline "with look-ahead" figures, seconds.</summary>
    [JsonPropertyName("eval_lookahead")]
    public float EvalLookahead { get; init; } = 1.0f;

    /// <summary>Notes from the start of each valid piece that validation scores (0 = whole pieces).</summary>
    [JsonPropertyName("valid_notes_per_piece")]
    public int ValidNotesPerPiece { get; init; } = 1500;

    /// <summary>Start from these weights (a run's best.safetensors) instead of random ones: a second, fine-tuning stage.</summary>
    [JsonPropertyName("init_from")]
    public string? InitFrom { get; init; }

    /// <summary>
    /// Training loss: <c>mse</c> (the first two stages) or <c>smooth_l1</c>. The headline metric is the MAE, which the
    /// conditional median minimises; MSE fits the mean, so a closing stage under an L1-type loss aims at the metric.
    /// </summary>
    [JsonPropertyName("loss")]
    public string Loss { get; init; } = "mse";

    /// <summary>Width of smooth L1's quadratic zone in velocity/127 units (0 = plain absolute error).</summary>
    [JsonPropertyName("loss_beta")]
    public float LossBeta { get; init; } = 0.02f;

    /// <summary>Save the weights after every epoch (runs/.../epoch-NNN.safetensors) for weight averaging.</summary>
    [JsonPropertyName("keep_epoch_weights")]
    public bool KeepEpochWeights { get; init; }

    /// <summary>
    /// What picks the best weights: <c>mean</c> (the mean of the performance look-ahead, live causal and score look-ahead
    /// MAEs) or <c>live</c> (performance timing, causal, no beat information: the live engine's case alone).
    /// </summary>
    [JsonPropertyName("select_on")]
    public string SelectOn { get; init; } = "mean";

    /// <summary>
    /// A streaming note model's card whose live predictions (performance timing, causal, no beat information, the whole
    /// piece read from its start) are mixed into the target of the training rows that show the same case: distillation.
    /// </summary>
    [JsonPropertyName("teacher")]
    public string? Teacher { get; init; }

    /// <summary>The teacher's share of the target in those rows (0 = the pianist's velocity alone, 1 = the teacher's alone).</summary>
    [JsonPropertyName("teacher_weight")]
    public float TeacherWeight { get; init; } = 0.5f;

    public void Validate()
    {
        Model.Validate();
        if (SeqLen < 8 || Batch < 1 || Epochs < 1 || StepsPerEpoch < 1 || Patience < 1 || CheckpointEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SeqLen), "note training config: seq_len >= 8 and batch, epochs, steps_per_epoch, patience, checkpoint_every >= 1");
        }

        foreach (var (v, name) in new[]
        {
            (PopFraction, "pop_fraction"),
            (ScoreFraction, "score_fraction"),
            (CausalFraction, "causal_fraction"),
            (BeatDrop, "beat_drop"),
            (DynamicsDrop, "dynamics_drop"),
            (TeacherWeight, "teacher_weight"),
        })
        {
            if (v is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(name, v, $"note training config: {name} must be in [0, 1]");
            }
        }

        if (Loss is not ("mse" or "smooth_l1") || !(LossBeta >= 0) || !float.IsFinite(LossBeta))
        {
            throw new ArgumentOutOfRangeException(nameof(Loss), Loss, $"note training config: loss must be \"mse\" or \"smooth_l1\" (got \"{Loss}\"), loss_beta a finite value >= 0 (got {LossBeta})");
        }

        if (SelectOn is not ("mean" or "live"))
        {
            throw new ArgumentOutOfRangeException(nameof(SelectOn), SelectOn, $"note training config: select_on must be \"mean\" or \"live\" (got \"{SelectOn}\")");
        }

        if (Dropout is < 0 or >= 1 || EvalLookahead is < 0 or > NoteFeatures.MaxLookaheadSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), "note training config: dropout in [0, 1), eval_lookahead in [0, 2]");
        }
    }
}
