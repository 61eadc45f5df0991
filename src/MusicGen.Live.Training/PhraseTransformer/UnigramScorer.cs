using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// Baseline: each field independent of everything, p(class) from train counts with add-one smoothing (the note
/// fields counted over notes only). Immutable after training; any thread.
/// </summary>
internal sealed class UnigramScorer : IPhraseScorer
{
    private readonly double[][] _logP = new double[PhraseToken.FieldCount][];

    public UnigramScorer(PhraseEncoding encoding, IEnumerable<PhraseToken[]> train)
    {
        var counts = new long[PhraseToken.FieldCount][];
        for (var f = 0; f < counts.Length; f++)
        {
            counts[f] = new long[encoding.ClassCount(f)];
        }

        foreach (var seq in train)
        {
            foreach (var t in seq)
            {
                for (var f = 0; f < PhraseToken.FieldCount; f++)
                {
                    var v = t.Get(f);
                    if (v != PhraseToken.None)
                    {
                        counts[f][v]++;
                    }
                }
            }
        }

        for (var f = 0; f < counts.Length; f++)
        {
            var total = counts[f].Sum() + counts[f].Length;
            _logP[f] = counts[f].Select(c => Math.Log((c + 1.0) / total)).ToArray();
        }
    }

    public string Name => "unigram";

    /// <summary>ln p of class <paramref name="value"/> of field <paramref name="field"/>.</summary>
    public double LogP(int field, int value) => _logP[field][value];

    public void Score(PhraseToken[] tokens, int from, int to, double[] nats)
    {
        for (var i = from; i < to; i++)
        {
            for (var f = 0; f < PhraseToken.FieldCount; f++)
            {
                var v = tokens[i].Get(f);
                if (v != PhraseToken.None)
                {
                    nats[f] -= _logP[f][v];
                }
            }
        }
    }
}
