using System.Globalization;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Evaluation;

/// <summary>
/// One <c>eval stylenet</c> run: loads the data (through the cache), scores the baselines, the note model (with its
/// look-ahead, bound and expression) and the article's model on one split of nasap, and returns the table's rows.
/// Progress and skipped models go to the log.
/// </summary>
public static class StyleNetEvaluation
{
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
            var rowsOf = eval.Note(noteModel, la, o.RowsPattern);
            if (o.Expression > 0)
            {
                // Filtered by the model's own row names, then named with the setting (a card keeps both).
                var suffix = string.Create(
                    CultureInfo.InvariantCulture,
                    $", expression {o.Expression:0.##}{(o.ExpressionWindow == VelocityExpression.DefaultWindow ? string.Empty : $" window {o.ExpressionWindow}")}")
                    + (o.ExpressionShapeText is null ? string.Empty : $" shape {o.ExpressionShapeText}");
                var shape = o.ExpressionShapeText is null ? ExpressionShape.Uniform : ExpressionShape.Parse(o.ExpressionShapeText);
                var expressive = new ExpressiveVelocityModel(noteModel, o.Expression, shape, 0, o.ExpressionWindow);
                rowsOf = eval.Note(expressive, la, o.RowsPattern).Select(r => r with { Name = r.Name + suffix });
            }

            if (o.Precision != StyleNetPrecision.Fp32)
            {
                rowsOf = rowsOf.Select(r => r with { Name = $"{r.Name}, {o.Precision.ToString().ToLowerInvariant()} weights" });
            }

            noteRows.AddRange(rowsOf);
            rows.AddRange(noteRows);
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
}
