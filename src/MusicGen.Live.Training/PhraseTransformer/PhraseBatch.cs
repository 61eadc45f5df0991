using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// A batch of B windows of T+1 events in the layout <see cref="PhraseTrainModel.Forward"/> takes: inputs are events
/// 0…T−1 of each window, targets and conditions events 1…T. Arrays are reused batch after batch.
/// Augmentation (training only): one transposition in ±<see cref="MaxTranspose"/> semitones and one tempo factor
/// in 1 ± <see cref="MaxTempoChange"/> per window (pitches leaving the piano are folded back by octaves). With
/// styles, every row of a window carries its sequence's style row, replaced by the "none" row with probability
/// <see cref="StyleDropout"/> (training only), so the model also learns to continue without a style.
/// </summary>
internal sealed class PhraseBatch
{
    public PhraseBatch(PhraseEncoding encoding, int batch, int seq, int styles = 0)
    {
        Encoding = encoding;
        Batch = batch;
        Seq = seq;
        StyleCount = styles;
        Styles = styles > 0 ? new int[batch * seq] : null;
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            Inputs[f] = new int[batch * seq];
            Targets[f] = new int[batch * seq];
            Conditions[f] = new int[batch * seq];
        }
    }

    public PhraseEncoding Encoding { get; }

    public int Batch { get; }

    public int Seq { get; }

    public int MaxTranspose { get; init; } = 5;

    /// <summary>Styles of the model (0 = none: <see cref="Styles"/> is null).</summary>
    public int StyleCount { get; }

    /// <summary>Probability that a training window is fed without its style.</summary>
    public double StyleDropout { get; init; }

    /// <summary>[B·T] style-embedding rows (the style, or <see cref="StyleCount"/> for none); null without styles.</summary>
    public int[]? Styles { get; }

    public double MaxTempoChange { get; init; } = 0.1;

    public int[][] Inputs { get; } = new int[PhraseToken.FieldCount][];

    public int[][] Targets { get; } = new int[PhraseToken.FieldCount][];

    public int[][] Conditions { get; } = new int[PhraseToken.FieldCount][];

    /// <summary>Scored (non-ignored) targets per field in this batch.</summary>
    public long[] TargetCounts { get; } = new long[PhraseToken.FieldCount];

    /// <summary>Target events in this batch (B·T).</summary>
    public int EventCount => Batch * Seq;

    /// <summary>Fills window b from <paramref name="s"/> starting at <paramref name="start"/> (needs T+1 events).</summary>
    /// <param name="withStyle">Feed the sequence's style (false: the "none" row, as style dropout does).</param>
    public void SetWindow(int b, PhraseSequence s, int start, int semitones = 0, double timeScale = 1.0, bool withStyle = true)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (start < 0 || start + Seq + 1 > s.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"{s.Path}: window {start}+{Seq + 1} exceeds its {s.Count} events");
        }

        if (Styles is not null)
        {
            if (s.Style >= StyleCount)
            {
                throw new ArgumentOutOfRangeException(nameof(s), $"{s.Path}: style {s.Style} is outside the model's {StyleCount} styles");
            }

            Styles.AsSpan(b * Seq, Seq).Fill(withStyle && s.Style >= 0 ? s.Style : StyleCount);
        }

        for (var t = 0; t <= Seq; t++)
        {
            var token = Encoding.Encode(s.Augmented(start + t, semitones, timeScale));
            for (var f = 0; f < PhraseToken.FieldCount; f++)
            {
                var v = token.Get(f);
                var none = Encoding.ClassCount(f);
                if (t < Seq)
                {
                    Inputs[f][(b * Seq) + t] = v == PhraseToken.None ? none : v;
                }

                if (t > 0)
                {
                    var i = (b * Seq) + t - 1;
                    Targets[f][i] = v == PhraseToken.None ? LogSoftmaxNll.DefaultIgnoreIndex : v;
                    Conditions[f][i] = v == PhraseToken.None ? none : v;
                }
            }
        }
    }

    /// <summary>Random windows with augmentation, drawn in proportion to sequence length.</summary>
    public void FillRandom(IReadOnlyList<PhraseSequence> sequences, long[] cumulative, TrainRandom rng)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(cumulative);
        ArgumentNullException.ThrowIfNull(rng);
        for (var b = 0; b < Batch; b++)
        {
            var pick = (long)(rng.NextFloat() * cumulative[^1]);
            var idx = Array.BinarySearch(cumulative, pick + 1);
            idx = idx < 0 ? ~idx : idx;
            while (idx > 0 && cumulative[idx - 1] == cumulative[idx])
            {
                idx--; // the first sequence that reaches this total is the one with windows left
            }

            var s = sequences[Math.Min(idx, sequences.Count - 1)];
            var start = rng.NextInt(s.Count - Seq);
            var semis = rng.NextInt((2 * MaxTranspose) + 1) - MaxTranspose;
            var scale = 1.0 + (((rng.NextFloat() * 2) - 1) * MaxTempoChange);
            var withStyle = StyleDropout <= 0 || rng.NextFloat() >= StyleDropout;
            SetWindow(b, s, start, semis, scale, withStyle);
        }

        Count();
    }

    /// <summary>Counts the scored targets of each field (call after filling windows directly).</summary>
    public void Count()
    {
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            long c = 0;
            foreach (var v in Targets[f])
            {
                c += v >= 0 ? 1 : 0;
            }

            TargetCounts[f] = c;
        }
    }

    /// <summary>Cumulative usable window starts of each sequence long enough for a window (0 weight otherwise).</summary>
    public static long[] Cumulative(IReadOnlyList<PhraseSequence> sequences, int seq)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var c = new long[sequences.Count];
        long total = 0;
        for (var i = 0; i < sequences.Count; i++)
        {
            total += Math.Max(0, sequences[i].Count - seq);
            c[i] = total;
        }

        return c;
    }
}
