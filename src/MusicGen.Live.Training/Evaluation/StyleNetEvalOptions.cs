using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Training.Evaluation;

/// <summary>
/// What <c>eval stylenet</c> scores and where it ships: the note model (a card, run weights, or several as one
/// ensemble), the article's model, the look-ahead and expression of the note rows, and the folder to ship to.
/// <see cref="Validate"/> refuses what cannot be recorded before the evaluation spends minutes.
/// </summary>
public sealed record StyleNetEvalOptions
{
    /// <summary>The StyleNet training config (data, cache, model shapes), as given: recorded in shipped cards.</summary>
    public required string ConfigPath { get; init; }

    public string Split { get; init; } = "test";

    /// <summary>Note model paths: one card or run weights, or several scored as one ensemble (a path k times weighs k).</summary>
    public IReadOnlyList<string> NotePaths { get; init; } = [];

    /// <summary>The article's piano-roll model (card or run weights); a path that does not exist leaves its row out.</summary>
    public string ArticlePath { get; init; } = string.Empty;

    public int LookaheadMs { get; init; } = 1000;

    /// <summary>Bound every note to its look-ahead (a whole-file model's backward direction reads only the window).</summary>
    public bool WithinLookahead { get; init; }

    /// <summary>Only the note model's rows whose name this regular expression matches; null or empty: all.</summary>
    public string? RowsPattern { get; init; }

    public float Expression { get; init; }

    public int ExpressionWindow { get; init; } = VelocityExpression.DefaultWindow;

    /// <summary>What expression 1 does, as given (<see cref="ExpressionShape.Parse"/>); null: the shipped uniform shape.</summary>
    public string? ExpressionShapeText { get; init; }

    /// <summary>LSTM weight format of a streaming note model's rows (bf16 or int16: what the engine runs, by CPU; named in the rows).</summary>
    public StyleNetPrecision Precision { get; init; } = StyleNetPrecision.Fp32;

    /// <summary>
    /// Also run the note model's rows over exactly what the other-pianist rows cover: the performances with another
    /// performance of their score, and the notes both pianists played. A reference measurement, never shipped.
    /// </summary>
    public bool AnotherPianist { get; init; }

    /// <summary>Folder to ship the evaluated run weights and cards to; null: nothing shipped.</summary>
    public string? ShipFolder { get; init; }

    public float LookaheadSeconds => LookaheadMs / 1000f;

    /// <summary>One card is named as the note model (a card already shipped, whose rows may be measured again).</summary>
    public bool OneCard => NotePaths.Count == 1 && NotePaths[0].EndsWith(".json", StringComparison.Ordinal);

    /// <summary>The split is one of train, valid, test; shipping records test metrics and, with --rows, only onto a card.</summary>
    public void Validate()
    {
        if (Split is not ("train" or "valid" or "test"))
        {
            throw new ArgumentException($"--split must be train, valid or test, not '{Split}'");
        }

        if (ExpressionShapeText is not null)
        {
            _ = ExpressionShape.Parse(ExpressionShapeText); // a typo fails here, not after minutes of evaluation
        }

        if (ShipFolder is null)
        {
            return;
        }

        if (Precision != StyleNetPrecision.Fp32)
        {
            throw new ArgumentException("--ship records the float reference's metrics: leave out --precision");
        }

        if (Split != "test")
        {
            throw new ArgumentException("--ship records test metrics: use it with --split test");
        }

        if (AnotherPianist)
        {
            throw new ArgumentException("--another-pianist is a reference measurement: its rows do not go into cards, so leave out --ship");
        }

        if (!string.IsNullOrEmpty(RowsPattern) && !OneCard)
        {
            // A new card records every row; a card already shipped may have some of its rows measured again.
            throw new ArgumentException("--ship with --rows adds rows to a card already shipped (--note CARD.json); a new card records every row: leave out --rows");
        }
    }
}
