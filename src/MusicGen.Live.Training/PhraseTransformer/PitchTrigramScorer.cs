using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// Baseline: the pitch of a note given the pitches of the two notes before it, p = λ₃·trigram + λ₂·bigram +
/// λ₁·unigram + λ₀·uniform from train counts (λ chosen on valid from a small grid); the other fields as
/// <see cref="UnigramScorer"/>. Immutable after training; any thread.
/// </summary>
internal sealed class PitchTrigramScorer : IPhraseScorer
{
    private readonly UnigramScorer _unigram;
    private readonly int _n;
    private readonly int[] _tri;
    private readonly int[] _triContext;
    private readonly int[] _bi;
    private readonly int[] _biContext;
    private readonly long[] _uni;
    private readonly long _uniTotal;

    public PitchTrigramScorer(PhraseEncoding encoding, UnigramScorer unigram, IReadOnlyList<PhraseToken[]> train)
    {
        _unigram = unigram;
        _n = encoding.PitchCount;
        _tri = new int[_n * _n * _n];
        _triContext = new int[_n * _n];
        _bi = new int[_n * _n];
        _biContext = new int[_n];
        _uni = new long[_n];
        foreach (var seq in train)
        {
            int p2 = -1, p1 = -1;
            foreach (var t in seq)
            {
                if (!t.IsNote)
                {
                    continue;
                }

                var p = t.Pitch;
                _uni[p]++;
                _uniTotal++;
                if (p1 >= 0)
                {
                    _bi[(p1 * _n) + p]++;
                    _biContext[p1]++;
                }

                if (p2 >= 0)
                {
                    _tri[(((p2 * _n) + p1) * _n) + p]++;
                    _triContext[(p2 * _n) + p1]++;
                }

                (p2, p1) = (p1, p);
            }
        }
    }

    public string Name => "pitch-trigram";

    /// <summary>Interpolation weights (trigram, bigram, unigram, uniform); sum to 1.</summary>
    public double[] Lambdas { get; set; } = [0.6, 0.3, 0.09, 0.01];

    public void Score(PhraseToken[] tokens, int from, int to, double[] nats)
    {
        // Context: the last two notes before `from` (the scored range may start mid-file).
        int p2 = -1, p1 = -1;
        for (var i = 0; i < to; i++)
        {
            var t = tokens[i];
            if (i >= from)
            {
                for (var f = 0; f < PhraseToken.FieldCount; f++)
                {
                    var v = t.Get(f);
                    if (v != PhraseToken.None && f != (int)PhraseField.Pitch)
                    {
                        nats[f] -= _unigram.LogP(f, v);
                    }
                }

                if (t.IsNote)
                {
                    nats[(int)PhraseField.Pitch] -= Math.Log(P(p2, p1, t.Pitch));
                }
            }

            if (t.IsNote)
            {
                (p2, p1) = (p1, t.Pitch);
            }
        }
    }

    private double P(int p2, int p1, int p)
    {
        var l = Lambdas;
        var uni = (double)_uni[p] / Math.Max(1, _uniTotal);
        var bi = p1 >= 0 && _biContext[p1] > 0 ? (double)_bi[(p1 * _n) + p] / _biContext[p1] : uni;
        var ctx = p2 >= 0 && p1 >= 0 ? _triContext[(p2 * _n) + p1] : 0;
        var tri = ctx > 0 ? (double)_tri[(((p2 * _n) + p1) * _n) + p] / ctx : bi;
        return (l[0] * tri) + (l[1] * bi) + (l[2] * uni) + (l[3] / _n);
    }
}
