using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// Builds the evaluation table on one split of nasap (classical style): baselines, then each model given,
/// in performance timing (every performed note) and score timing (matched notes at the score's constant tempo).
/// Beat information is used where the data has it (aligned notes), except in the "live" row, which hides it.
/// Each row also gets a two-sample discriminator (<see cref="TwoSampleDiscriminator"/>) on performance timing: on
/// test it is trained on the row's valid-split windows, which costs a second run of the row over valid; on any other
/// split it is cross-validated within the split (two folds by piece), so a tuning run on valid never reads test.
/// </summary>
public sealed class StyleNetEvaluator
{
    private readonly IReadOnlyList<StyleNetPiece> _pieces;
    private readonly IReadOnlyList<StyleNetPiece>? _discriminatorTraining;
    private readonly int _threads;

    // Where an evaluation scores a subset of each piece's notes (OnSharedNotes): each piece's whole self and the
    // places of its kept notes in it, so a model still reads the whole piece. Null: pieces are whole.
    private readonly Dictionary<string, (StyleNetPiece Whole, int[] Perf, int[] Score)>? _wholes;

    public StyleNetEvaluator(IReadOnlyList<StyleNetPiece> allPieces, string split, int threads)
    {
        ArgumentNullException.ThrowIfNull(allPieces);
        _pieces = [.. allPieces.Where(p => p.Dataset == "nasap" && p.Split == split)];
        if (_pieces.Count == 0)
        {
            throw new InvalidOperationException($"no nasap pieces in split '{split}'");
        }

        if (split == "test")
        {
            _discriminatorTraining = [.. allPieces.Where(p => p.Dataset == "nasap" && p.Split == "valid")];
            if (_discriminatorTraining.Count == 0)
            {
                throw new InvalidOperationException("no nasap pieces in split 'valid' to train the discriminator on");
            }
        }

        _threads = threads;
    }

    private StyleNetEvaluator(
        IReadOnlyList<StyleNetPiece> pieces,
        IReadOnlyList<StyleNetPiece>? discriminatorTraining,
        int threads,
        Dictionary<string, (StyleNetPiece Whole, int[] Perf, int[] Score)>? wholes = null)
    {
        (_pieces, _discriminatorTraining, _threads, _wholes) = (pieces, discriminatorTraining, threads, wholes);
    }

    /// <summary>
    /// The same evaluation over only the pieces <paramref name="keep"/> selects, in the split and in the discriminator's
    /// valid training windows alike (rows that compare like with like with a reference that does not cover every piece).
    /// </summary>
    public StyleNetEvaluator Restricted(Func<StyleNetPiece, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var pieces = _pieces.Where(keep).ToList();
        var training = _discriminatorTraining?.Where(keep).ToList();
        return pieces.Count == 0 || training is { Count: 0 }
            ? throw new InvalidOperationException("no pieces left to evaluate (or to train the discriminator on) after the restriction")
            : new StyleNetEvaluator(pieces, training, _threads, _wholes);
    }

    public int PieceCount => _pieces.Count;

    public long PerformanceNotes => _pieces.Sum(p => (long)p.PerfNotes.Length);

    public long ScoreNotes => _pieces.Sum(p => (long)p.ScoreNotes.Length);

    /// <summary>Score notes that carry their notated velocity from the score export (the rest: flat exports, unmatched notes).</summary>
    public long NotatedScoreNotes => _pieces.Sum(p => (long)p.ScoreNotes.Count(n => n.HasInputVelocity));

    public EvalRow Row(string name, VelocityEvaluation.Predictor predictor)
    {
        var performance = new ExpressivenessStats(_pieces.Count);
        var score = new ExpressivenessStats(_pieces.Count);
        var windows = new DiscriminatorWindows(_pieces.Count);
        var performanceMetrics = VelocityEvaluation.Run(_pieces, TimingForm.Performance, predictor, _threads, performance, windows);
        double discriminator;
        if (_discriminatorTraining is null)
        {
            discriminator = TwoSampleDiscriminator.CrossValidated(windows);
        }
        else
        {
            var training = new DiscriminatorWindows(_discriminatorTraining.Count);
            VelocityEvaluation.Run(_discriminatorTraining, TimingForm.Performance, predictor, _threads, windows: training);
            discriminator = TwoSampleDiscriminator.Accuracy(training, windows);
        }

        return new(
            name,
            performanceMetrics,
            VelocityEvaluation.Run(_pieces, TimingForm.Score, predictor, _threads, score),
            performance,
            score,
            discriminator);
    }

    public IEnumerable<EvalRow> Baselines()
    {
        yield return Row("flat velocity 64", (_, _, _, v) => VelocityBaselines.Flat(v));
        yield return Row("piece mean velocity (oracle)", (p, f, _, v) => VelocityBaselines.PieceMean(VelocityEvaluation.Form(p, f).Velocities, v));
        yield return Row("DAW random humanize 64±10", (p, f, _, v) => VelocityBaselines.RandomHumanize(p.Name + f, v));
    }

    /// <summary>
    /// The same evaluation over only the notes both pianists played (<see cref="AnotherPianist.SharedNotes"/>) of the
    /// performances that have another pianist. The note model's rows still run the model over each whole piece and score
    /// the kept notes; the other-pianist rows need no rule for a note B did not play.
    /// </summary>
    public StyleNetEvaluator OnSharedNotes(AnotherPianist another)
    {
        ArgumentNullException.ThrowIfNull(another);
        var wholes = new Dictionary<string, (StyleNetPiece Whole, int[] Perf, int[] Score)>(StringComparer.Ordinal);
        List<StyleNetPiece> Shared(IEnumerable<StyleNetPiece> pieces) =>
            [.. pieces.Where(another.HasPartner).Select(p =>
            {
                var shared = another.SharedNotes(p, out var perf, out var score);
                wholes.Add(p.Name, (p, perf, score));
                return shared;
            })];
        var pieces = Shared(_pieces);
        var training = _discriminatorTraining is null ? null : Shared(_discriminatorTraining);
        return pieces.Count == 0 || training is { Count: 0 }
            ? throw new InvalidOperationException("no performance has another pianist to share notes with")
            : new StyleNetEvaluator(pieces, training, _threads, wholes);
    }

    /// <summary>
    /// A human reference: another pianist's velocities for the same score notes (<see cref="AnotherPianist"/>), as
    /// played and shifted to the target pianist's piece mean (an oracle level: two recordings differ in piano and room).
    /// Call it on an evaluator <see cref="Restricted"/> to the pieces that have another pianist.
    /// </summary>
    public IEnumerable<EvalRow> AnotherPianistRows(AnotherPianist another)
    {
        ArgumentNullException.ThrowIfNull(another);
        yield return Row(AnotherPianistRow, (p, f, _, v) => another.Predict(p, f, v));
        yield return Row("another pianist, shifted to the piece mean (oracle)", (p, f, _, v) =>
        {
            another.Predict(p, f, v);
            VelocityBaselines.RemovePieceOffset(VelocityEvaluation.Form(p, f).Velocities, v);
        });
    }

    /// <summary>The name of the other-pianist reference row.</summary>
    public const string AnotherPianistRow = "another pianist (same piece)";

    /// <summary>The pieces of the split (a restricted evaluator's: only those kept).</summary>
    public IReadOnlyList<StyleNetPiece> Pieces => _pieces;

    /// <summary>
    /// The model's rows. A whole-file model (<see cref="INoteVelocityModel.ReadsWholeFile"/>) always sees the rest of
    /// the piece: it gets no causal rows, and its rows are named "whole-file" with the look-ahead as the feature window
    /// it was trained with. The streaming model's names are the keys its cards' metrics carry. <paramref name="only"/>, when
    /// given, is a regular expression: only the rows whose name it matches are run (a quicker run while tuning). A
    /// <paramref name="memo"/> shared by evaluations of one model over subsets of the same pieces runs the model once per piece.
    /// </summary>
    public IEnumerable<EvalRow> Note(INoteVelocityModel model, float lookaheadSeconds, string? only = null, PredictionMemo? memo = null)
    {
        var keep = string.IsNullOrEmpty(only) ? null : new System.Text.RegularExpressions.Regex(only, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return NoteRows(model, lookaheadSeconds)
            .Where(r => keep is null || keep.IsMatch(r.Name))
            .Select(r => Row(r.Name, OnWholePiece(memo is null ? r.Predictor : memo.Wrap(r.Name, r.Predictor))));
    }

    // A model reads the whole piece, whatever subset of its notes is scored.
    private VelocityEvaluation.Predictor OnWholePiece(VelocityEvaluation.Predictor predictor) => _wholes is not { } wholes ? predictor : (p, f, _, v) =>
    {
        var (whole, perf, score) = wholes[p.Name];
        var notes = VelocityEvaluation.Form(whole, f).Notes;
        var all = new float[notes.Length];
        predictor(whole, f, notes, all);
        var kept = f == TimingForm.Performance ? perf : score;
        for (var i = 0; i < kept.Length; i++)
        {
            v[i] = all[kept[i]];
        }
    };

    private static IEnumerable<(string Name, VelocityEvaluation.Predictor Predictor)> NoteRows(INoteVelocityModel model, float lookaheadSeconds)
    {
        ArgumentNullException.ThrowIfNull(model);
        var causal = !model.ReadsWholeFile;
        var la = $"{lookaheadSeconds * 1000:0} ms";
        var ahead = causal ? $"note StyleNet look-ahead {la}" : $"whole-file StyleNet, window {la}";

        // Every row but the "notated velocities" ones shows the model flat input: no velocities in, as a performer's
        // own notes or a flat sequencer part would come. Performance timing never carries input velocities.
        static StyleNetNote[] Flat(ReadOnlySpan<StyleNetNote> n) => VelocityEvaluation.WithoutDynamics(n);
        if (causal)
        {
            yield return ("note StyleNet causal, live (no beat info)", (_, _, n, v) => model.Predict(VelocityEvaluation.WithoutBeats(Flat(n)), 0, StyleNetStyle.Classical, v));
            yield return ("note StyleNet causal", (_, _, n, v) => model.Predict(Flat(n), 0, StyleNetStyle.Classical, v));
        }

        yield return (ahead, (_, _, n, v) => model.Predict(Flat(n), lookaheadSeconds, StyleNetStyle.Classical, v));
        yield return ($"{ahead}, no beat info", (_, _, n, v) => model.Predict(VelocityEvaluation.WithoutBeats(Flat(n)), lookaheadSeconds, StyleNetStyle.Classical, v));
        if (model.ReadsInputDynamics)
        {
            // Score timing as a sequencer playing the score MIDI sends it: its notated velocities (where the export has dynamics) come in too.
            if (causal)
            {
                yield return ("note StyleNet causal, score's notated velocities in", (_, _, n, v) => model.Predict(n, 0, StyleNetStyle.Classical, v));
            }

            yield return ($"{ahead}, score's notated velocities in", (_, _, n, v) => model.Predict(n, lookaheadSeconds, StyleNetStyle.Classical, v));
        }

        // A diagnostic, not a model: how much of the error is each piece's overall loudness (instrument, room,
        // recording year), which note timing cannot reveal. Shifts every prediction of a piece by that piece's mean error.
        yield return ($"{ahead}, piece offset removed (oracle)", (p, f, n, v) =>
        {
            model.Predict(Flat(n), lookaheadSeconds, StyleNetStyle.Classical, v);
            VelocityBaselines.RemovePieceOffset(VelocityEvaluation.Form(p, f).Velocities, v);
        });
    }
}
