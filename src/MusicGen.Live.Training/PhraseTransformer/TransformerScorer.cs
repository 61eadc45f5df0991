using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// Scores with the inference <see cref="PhraseTransformerModel"/> (the path that ships): full passes over windows
/// of the model's window length, each scoring only its second half so every scored event has at least half a
/// window of context (or all events before it near the start). Any thread: each call has its own run state.
/// </summary>
/// <param name="style">Style every event is fed with (<see cref="PhraseRunState.NoStyle"/> for none).</param>
internal sealed class TransformerScorer(PhraseTransformerModel model, string name = "transformer", int style = PhraseRunState.NoStyle) : IPhraseScorer
{
    public string Name => name;

    public void Score(PhraseToken[] tokens, int from, int to, double[] nats)
    {
        var w = model.Config.Window;
        var d = model.ModelDim;
        var state = new PhraseRunState(model.Config, w) { Style = style };
        var hidden = new float[w * d];
        var logits = new float[model.MaxClasses()];
        var lp = new double[PhraseToken.FieldCount];
        foreach (var (start, length, scoreFrom, scoreTo) in Windows(from, to, w, w / 2))
        {
            // Row t predicts event t + 1, so the window's inputs end one before its last scored event.
            model.Forward(tokens.AsSpan(start, length - 1), hidden, state);
            for (var i = scoreFrom; i < scoreTo; i++)
            {
                model.ScoreFields(hidden.AsSpan((i - 1 - start) * d, d), tokens[i], state, logits, lp);
                for (var f = 0; f < lp.Length; f++)
                {
                    nats[f] -= lp[f];
                }
            }
        }
    }

    /// <summary>
    /// Windows (start, length ≤ window + 1 events incl. the last target) covering targets [from, to), each scoring
    /// [scoreFrom, scoreTo) with at least <paramref name="context"/> events before (as many as exist near the start).
    /// </summary>
    public static IEnumerable<(int Start, int Length, int ScoreFrom, int ScoreTo)> Windows(int from, int to, int window, int context)
    {
        var pos = Math.Max(1, from);
        while (pos < to)
        {
            var start = Math.Max(0, pos - context);
            var end = Math.Min(to, start + window + 1);
            yield return (start, end - start, pos, end);
            pos = end;
        }
    }
}
