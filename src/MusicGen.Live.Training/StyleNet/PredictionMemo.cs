using System.Collections.Concurrent;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// Each row's velocities per whole piece and timing form, computed once, for one evaluation that scores the same model
/// rows over several subsets of the same pieces (<see cref="StyleNetEvaluator.Restricted"/>,
/// <see cref="StyleNetEvaluator.OnSharedNotes"/>). Keyed by row name, piece name and form: one memo serves one model.
/// Threading: the evaluation's workers call the wrapped predictors concurrently; the dictionary is concurrent and a
/// piece is computed by the worker that first asks for it (two at once would compute the same values).
/// </summary>
public sealed class PredictionMemo
{
    private readonly ConcurrentDictionary<(string Row, string Piece, TimingForm Form), float[]> _saved = new();

    /// <summary>The predictor of row <paramref name="row"/>, remembering what it gives for each whole piece.</summary>
    public VelocityEvaluation.Predictor Wrap(string row, VelocityEvaluation.Predictor predictor) => (p, f, notes, v) =>
    {
        if (!_saved.TryGetValue((row, p.Name, f), out var saved))
        {
            saved = new float[notes.Length];
            predictor(p, f, notes, saved);
            _saved.TryAdd((row, p.Name, f), saved);
        }

        saved.CopyTo(v);
    };
}
