using System.Globalization;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Evaluation;

/// <summary>
/// One <c>eval stylenet</c> run: loads the data (through the cache), scores the baselines, the note model (with its
/// look-ahead, bound and expression) and the article's model on one split of nasap, and returns the table's rows.
/// The other-pianist reference (<see cref="AnotherPianist"/>) runs over the performances that have one, on all their
/// notes and on the notes both pianists played; with <see cref="StyleNetEvalOptions.AnotherPianist"/> the note model's
/// rows run again over each of those.
/// Progress and skipped models go to the log.
/// </summary>
public static class StyleNetEvaluation
{
    /// <summary>What the name of a row over only the notes both pianists played ends with.</summary>
    public const string SharedSuffix = ", notes both played";

    public static StyleNetEvalResult Run(StyleNetTrainingConfig cfg, StyleNetEvalOptions o, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(log);
        var la = o.LookaheadSeconds;
        var pieces = StyleNetDataCache.LoadOrBuild(cfg.Cache, cfg.Data, cfg.Threads, log);
        var eval = new StyleNetEvaluator(pieces, o.Split, cfg.Threads);
        log.WriteLine($"nasap {o.Split}: {eval.PieceCount} performances, {eval.PerformanceNotes} performed notes, "
            + $"{eval.ScoreNotes} score-matched notes ({eval.NotatedScoreNotes} with a notated velocity)");
        var rows = new List<EvalRow>(eval.Baselines());
        var another = new AnotherPianist(pieces);
        var paired = AnotherPianistRows(eval, another, rows, log);
        var shared = paired?.OnSharedNotes(another);
        if (shared is not null)
        {
            rows.AddRange(shared.AnotherPianistRows(another).Select(r => r with { Name = r.Name + SharedSuffix }));
        }

        var noteRows = new List<EvalRow>();
        INoteVelocityModel? noteModel = null;
        if (o.NotePaths.Count > 0 && o.NotePaths.All(File.Exists))
        {
            noteModel = StyleNetModelFiles.LoadNoteModel(o.NotePaths, cfg);
            if (o.Precision != StyleNetPrecision.Fp32)
            {
                noteModel = noteModel is NoteStyleNet streaming
                    ? streaming.WithPrecision(o.Precision)
                    : throw new ArgumentException($"--precision {o.Precision} runs one streaming note model (the engine's kind); {string.Join(", ", o.NotePaths)} is not one");
            }
            if (o.WithinLookahead)
            {
                noteModel = noteModel.WithinLookahead();
            }

            VelocityExpression.Validate(o.Expression);
            var memo = o.AnotherPianist ? new PredictionMemo() : null;
            noteRows.AddRange(NoteRows(eval, noteModel, o, memo));
            rows.AddRange(noteRows);
            if (o.AnotherPianist && paired is not null && shared is not null)
            {
                // Like with like: the model over exactly what the other pianist's rows cover (never shipped in cards).
                if (paired.PieceCount < eval.PieceCount)
                {
                    rows.AddRange(NoteRows(paired, noteModel, o, memo).Select(r => r with { Name = r.Name + ", pieces with another pianist" }));
                }

                rows.AddRange(NoteRows(shared, noteModel, o, memo).Select(r => r with { Name = r.Name + SharedSuffix }));
            }
        }
        else
        {
            log.WriteLine($"note model {string.Join(", ", o.NotePaths.Where(p => !File.Exists(p)))} not found: rows skipped");
        }

        var articleRows = new List<EvalRow>();
        if (File.Exists(o.ArticlePath))
        {
            var model = StyleNetModelFiles.LoadArticle(o.ArticlePath, cfg);
            articleRows.Add(eval.Row("article StyleNet (piano roll 1/16)", (p, _, n, v) => model.Predict(n, p.SecondsPerQuarter / 4, StyleNetStyle.Classical, v)));
            rows.AddRange(articleRows);
        }
        else
        {
            log.WriteLine($"article model {o.ArticlePath} not found: row skipped");
        }

        return new StyleNetEvalResult(rows, noteRows, articleRows, noteModel);
    }

    private static IEnumerable<EvalRow> NoteRows(StyleNetEvaluator eval, INoteVelocityModel noteModel, StyleNetEvalOptions o, PredictionMemo? memo)
    {
        var rows = ExpressionRows(eval, noteModel, o, memo);
        return o.Precision == StyleNetPrecision.Fp32
            ? rows
            : rows.Select(r => r with { Name = $"{r.Name}, {o.Precision.ToString().ToLowerInvariant()} weights" });
    }

    private static IEnumerable<EvalRow> ExpressionRows(StyleNetEvaluator eval, INoteVelocityModel noteModel, StyleNetEvalOptions o, PredictionMemo? memo)
    {
        if (o.Expression <= 0)
        {
            return eval.Note(noteModel, o.LookaheadSeconds, o.RowsPattern, memo);
        }

        // Filtered by the model's own row names, then named with the setting (a card keeps both).
        var suffix = string.Create(
            CultureInfo.InvariantCulture,
            $", expression {o.Expression:0.##}{(o.ExpressionWindow == VelocityExpression.DefaultWindow ? string.Empty : $" window {o.ExpressionWindow}")}")
            + (o.ExpressionShapeText is null ? string.Empty : $" shape {o.ExpressionShapeText}");
        var shape = o.ExpressionShapeText is null ? ExpressionShape.Uniform : ExpressionShape.Parse(o.ExpressionShapeText);
        var expressive = new ExpressiveVelocityModel(noteModel, o.Expression, shape, 0, o.ExpressionWindow);
        return eval.Note(expressive, o.LookaheadSeconds, o.RowsPattern, memo).Select(r => r with { Name = r.Name + suffix });
    }

    /// <summary>
    /// Adds the other-pianist reference rows over the performances that have another performance of their score, says
    /// how many are left out and how many notes fell back, and returns the evaluator restricted to those performances
    /// (null where none has one).
    /// </summary>
    private static StyleNetEvaluator? AnotherPianistRows(StyleNetEvaluator eval, AnotherPianist another, List<EvalRow> rows, TextWriter log)
    {
        var covered = eval.Pieces.Count(another.HasPartner);
        if (covered == 0)
        {
            log.WriteLine($"{StyleNetEvaluator.AnotherPianistRow}: no performance has another performance of its score aligned: rows skipped");
            return null;
        }

        var paired = eval.Restricted(another.HasPartner);
        var (perfNotes, perfFellBack) = another.Coverage(paired.Pieces, TimingForm.Performance);
        var (scoreNotes, scoreFellBack) = another.Coverage(paired.Pieces, TimingForm.Score);
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{StyleNetEvaluator.AnotherPianistRow}: {covered} of {eval.PieceCount} performances, each against the next performance of its "
                + $"score ({eval.PieceCount - covered} without another left out; {another.LeftOut} in all splits); the other pianist has no velocity for "
                + $"{perfFellBack} of {perfNotes} performed notes ({100.0 * perfFellBack / Math.Max(1, perfNotes):0.0} %) and {scoreFellBack} of "
                + $"{scoreNotes} score notes ({100.0 * scoreFellBack / Math.Max(1, scoreNotes):0.0} %): those get the mean of its velocities over "
                + $"the {AnotherPianist.FallbackWindow} notes around them"));
        rows.AddRange(paired.AnotherPianistRows(another));
        return paired;
    }
}
