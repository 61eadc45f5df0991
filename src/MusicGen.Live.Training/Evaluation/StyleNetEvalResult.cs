using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Evaluation;

/// <summary>The table of one <c>eval stylenet</c> run: every row in print order, the model rows apart, and the note model scored.</summary>
/// <param name="Rows">Baselines, then the note model's rows, then the article's.</param>
/// <param name="NoteRows">The note model's rows (empty when its file was not found).</param>
/// <param name="ArticleRows">The article model's row (empty when its file was not found).</param>
/// <param name="NoteModel">The note model scored; null when its file was not found.</param>
public sealed record StyleNetEvalResult(
    IReadOnlyList<EvalRow> Rows,
    IReadOnlyList<EvalRow> NoteRows,
    IReadOnlyList<EvalRow> ArticleRows,
    INoteVelocityModel? NoteModel);
