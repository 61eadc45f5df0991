using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// Scores a velocity predictor over pieces: MAE, RMSE and Pearson r in MIDI velocity units, every note
/// weighted equally. The predictor fills one velocity per note of the chosen timing form. Pieces run in
/// parallel, each worker with its own accumulator (the predictor must be safe to call concurrently).
/// </summary>
public static class VelocityEvaluation
{
    /// <summary>(notes, velocities) of a piece in a timing form; empty when the piece lacks it.</summary>
    public static (StyleNetNote[] Notes, byte[] Velocities) Form(StyleNetPiece piece, TimingForm form) =>
        form == TimingForm.Performance ? (piece.PerfNotes, piece.PerfVelocities) : (piece.ScoreNotes, piece.ScoreVelocities);

    public delegate void Predictor(StyleNetPiece piece, TimingForm form, ReadOnlySpan<StyleNetNote> notes, Span<float> velocities);

    /// <summary>
    /// The metrics over every note; with <paramref name="expressiveness"/>, also each piece's expressiveness ratios, and
    /// with <paramref name="windows"/> each piece's discriminator windows.
    /// </summary>
    public static RegressionMetrics Run(
        IReadOnlyList<StyleNetPiece> pieces,
        TimingForm form,
        Predictor predictor,
        int threads,
        ExpressivenessStats? expressiveness = null,
        DiscriminatorWindows? windows = null)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        ArgumentNullException.ThrowIfNull(predictor);
        var total = default(RegressionMetrics);
        var gate = new object();
        Parallel.For(
            0,
            pieces.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            () => default(RegressionMetrics),
            (i, _, local) =>
            {
                var (notes, vel) = Form(pieces[i], form);
                if (notes.Length == 0)
                {
                    return local;
                }

                var pred = new float[notes.Length];
                predictor(pieces[i], form, notes, pred);
                var target = new float[notes.Length];
                for (var k = 0; k < notes.Length; k++)
                {
                    local.Add(pred[k], vel[k]);
                    target[k] = vel[k];
                }

                expressiveness?.Record(i, pred, target);
                windows?.Record(i, notes, pred, target);

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    total.Merge(local);
                }
            });
        return total;
    }

    /// <summary>Notes with their beat information removed (what live input without a clock looks like).</summary>
    public static StyleNetNote[] WithoutBeats(ReadOnlySpan<StyleNetNote> notes)
    {
        var copy = notes.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = copy[i] with { BeatPhase = float.NaN, Downbeat = false };
        }

        return copy;
    }

    /// <summary>Notes with their input velocities removed (what a flat sequencer part looks like).</summary>
    public static StyleNetNote[] WithoutDynamics(ReadOnlySpan<StyleNetNote> notes)
    {
        var copy = notes.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = copy[i] with { InputVelocity = 0 };
        }

        return copy;
    }
}
