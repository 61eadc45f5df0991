using System.Globalization;
using System.Text.Json.Nodes;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// Trains the note-level StyleNet: batches of random note windows from nasap train (performance or score
/// timing) and pop909 train (pop style), each row with its own look-ahead (0, the 1 s default, or uniform up
/// to 2 s) so one model serves every look-ahead, and with beats hidden in some performance rows so it also
/// serves live input without a clock, and with the score's notated velocities hidden in some score rows so it
/// also serves flat input. Loss on velocity/127: MSE, or smooth L1 for a closing stage (see NoteTrainingConfig.Loss). Validation: nasap valid only, mean MAE of performance
/// timing with look-ahead, performance timing causal without beats, and score timing with look-ahead (notated
/// velocities as input where the score export has them).
/// </summary>
public sealed class NoteStyleNetTask : ITrainingTask
{
    private readonly NoteTrainingConfig _config;
    private readonly LstmModule _lstm;
    private readonly LinearModule _head1;
    private readonly LinearModule _head2;
    private readonly StyleNetPiece[] _nasapTrain;
    private readonly StyleNetPiece[] _popTrain;
    private readonly float[][]? _teacherLive;
    private readonly long[] _nasapCum;
    private readonly long[] _popCum;
    private readonly IReadOnlyList<StyleNetPiece> _valid;
    private readonly int _threads;
    private readonly StyleNetNote[] _window;
    private readonly float[] _features = new float[NoteFeatures.Size];

    public NoteStyleNetTask(NoteTrainingConfig config, IReadOnlyList<StyleNetPiece> pieces, int threads)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(pieces);
        config.Validate();
        _config = config;
        _threads = threads;
        var m = config.Model;
        _lstm = new LstmModule(Parameters, "lstm", m.Input, m.Hidden, m.Layers, bidirectional: m.Bidirectional);
        _head1 = new LinearModule(Parameters, "head1", _lstm.OutputSize, m.HeadHidden);
        _head2 = new LinearModule(Parameters, "head2", m.HeadHidden, 1);
        _nasapTrain = [.. pieces.Where(p => p.Dataset == "nasap" && p.Split == "train" && p.PerfNotes.Length > config.SeqLen)];
        _popTrain = [.. pieces.Where(p => p.Dataset == "pop909" && p.Split == "train" && p.PerfNotes.Length > config.SeqLen)];
        _valid = [.. pieces.Where(p => p.Dataset == "nasap" && p.Split == "valid").Select(p => Truncate(p, config.ValidNotesPerPiece))];
        if (_nasapTrain.Length == 0 || _valid.Count == 0)
        {
            throw new InvalidOperationException("no nasap train or valid pieces: is the data folder complete?");
        }

        _teacherLive = config.Teacher is { Length: > 0 } teacher ? TeacherLive(NoteStyleNet.Load(teacher), _nasapTrain, threads) : null;
        _nasapCum = Cumulative(_nasapTrain);
        _popCum = Cumulative(_popTrain);
        _window = new StyleNetNote[config.SeqLen + NoteFeatures.MaxHistory + NoteFeatures.MaxWindowNotes + 1];
    }

    public ParameterSet Parameters { get; } = new();

    public string MetricName => "valid_mae";

    public int TrainNotes => (int)(_nasapCum[^1] + (_popCum.Length > 0 ? _popCum[^1] : 0));

    public void Initialize(TrainRandom rng)
    {
        _lstm.Initialize(rng);
        _head1.Initialize(rng);
        _head2.Initialize(rng);

        // Start at the mean velocity (about 0.51·127) so early steps learn shape, not offset.
        _head2.Bias!.Data[0] = 0.51f;
        if (_config.InitFrom is { Length: > 0 } init)
        {
            LoadWidening(SafeTensors.Read(init), Parameters);
        }
    }

    /// <summary>
    /// Copies <paramref name="tensors"/> into the parameters by name. A matrix may come narrower, its columns filling the
    /// leading ones and the rest becoming 0: the LSTM's first input matrix of a model from before the input-dynamics
    /// features, or, when a bidirectional model starts from a unidirectional one, the second layer's input matrix and the
    /// head's first matrix (whose new columns read the backward direction). The backward direction's own tensors, absent
    /// then, keep their fresh initialisation. An LSTM tensor may also come with fewer hidden units (a wider model from a
    /// narrower one): each gate's rows fill the leading rows of that gate, and the new units' rows keep their fresh
    /// initialisation. With the new columns at 0 the widened model starts out computing exactly what the one it came from
    /// computes (new units feed nothing until training opens their columns), and training adds what the rest tells.
    /// </summary>
    internal static void LoadWidening(NamedTensors tensors, ParameterSet parameters)
    {
        var fromUnidirectional = !tensors.All.Keys.Any(k => k.EndsWith("_reverse", StringComparison.Ordinal));
        foreach (var p in parameters.Parameters)
        {
            var shape = p.Shape.ToArray();
            if (fromUnidirectional && p.Name.EndsWith("_reverse", StringComparison.Ordinal) && !tensors.All.ContainsKey(p.Name))
            {
                continue;
            }

            if (tensors.All.TryGetValue(p.Name, out var old) && old.Rank == shape.Length && shape.Length is 1 or 2 && Narrower(old, shape))
            {
                CopyNarrower(p.Name, old, shape, p.Values);
                continue;
            }

            tensors.Require(p.Name, shape).Data.AsSpan().CopyTo(p.Values);
        }
    }

    // Whether a stored tensor is a narrower form of the parameter's shape: no dimension larger, one smaller, and rows that
    // differ only for the LSTM's gate-stacked tensors (four blocks of rows, one per gate).
    private static bool Narrower(Tensor old, int[] shape)
    {
        var (rows, cols) = (shape[0], shape.Length == 2 ? shape[1] : 1);
        var (oldRows, oldCols) = (old.Dim(0), old.Rank == 2 ? old.Dim(1) : 1);
        return oldRows <= rows && oldCols <= cols && (oldRows < rows || oldCols < cols) && (oldRows == rows || (rows % 4 == 0 && oldRows % 4 == 0));
    }

    private static void CopyNarrower(string name, Tensor old, int[] shape, Span<float> values)
    {
        var (rows, cols) = (shape[0], shape.Length == 2 ? shape[1] : 1);
        var (oldRows, oldCols) = (old.Dim(0), old.Rank == 2 ? old.Dim(1) : 1);
        if (oldRows != rows && !name.StartsWith("lstm.", StringComparison.Ordinal))
        {
            throw new WeightMismatchException(name, $"{oldRows} rows stored, {rows} expected (only an LSTM's gate rows widen)");
        }

        var blocks = oldRows == rows ? 1 : 4;
        var (block, oldBlock) = (rows / blocks, oldRows / blocks);
        for (var g = 0; g < blocks; g++)
        {
            for (var r = 0; r < oldBlock; r++)
            {
                var dest = values.Slice(((g * block) + r) * cols, cols);
                dest.Clear();
                old.Data.AsSpan(((g * oldBlock) + r) * oldCols, oldCols).CopyTo(dest);
            }
        }
    }

    public Var Loss(Tape tape, TrainRandom rng)
    {
        var (t, b, f) = (_config.SeqLen, _config.Batch, _config.Model.Input);
        var x = tape.Constant("notes", [t, b, f]);
        var y = tape.Constant("velocity", [t, b, 1]);
        for (var row = 0; row < b; row++)
        {
            FillRow(rng, x.Data, y.Data, row);
        }

        var h = _lstm.Forward(tape, x);
        h = tape.Dropout(h, _config.Dropout, rng);
        var z = tape.Activate(_head1.Forward(tape, h), Activation.Relu);
        var pred = _head2.Forward(tape, z);
        return _config.Loss == "smooth_l1" ? tape.SmoothL1Loss(pred, y, _config.LossBeta) : tape.MseLoss(pred, y);
    }

    public ValidationResult Validate()
    {
        var model = ToVelocityModel();
        var la = _config.EvalLookahead;
        var perfLa = VelocityEvaluation.Run(_valid, TimingForm.Performance, (_, _, notes, v) => model.Predict(notes, la, StyleNetStyle.Classical, v), _threads);
        var perfCausal = VelocityEvaluation.Run(_valid, TimingForm.Performance, (_, _, notes, v) => model.Predict(VelocityEvaluation.WithoutBeats(notes), 0, StyleNetStyle.Classical, v), _threads);
        var scoreLa = VelocityEvaluation.Run(_valid, TimingForm.Score, (_, _, notes, v) => model.Predict(notes, la, StyleNetStyle.Classical, v), _threads);
        var scoreFlat = VelocityEvaluation.Run(_valid, TimingForm.Score, (_, _, notes, v) => model.Predict(VelocityEvaluation.WithoutDynamics(notes), la, StyleNetStyle.Classical, v), _threads);
        var metric = _config.SelectOn == "live" ? perfCausal.Mae : (perfLa.Mae + perfCausal.Mae + scoreLa.Mae) / 3;
        return new ValidationResult(metric, new Dictionary<string, double>
        {
            ["valid_mae_perf_lookahead"] = perfLa.Mae,
            ["valid_mae_perf_causal_nobeat"] = perfCausal.Mae,
            ["valid_mae_score_lookahead"] = scoreLa.Mae,
            ["valid_mae_score_lookahead_flat_input"] = scoreFlat.Mae,
            ["valid_r_perf_lookahead"] = perfLa.Pearson,
        });
    }

    public void OnBest(string weightsPath, ValidationResult result, int epoch)
    {
        var card = new ModelCard
        {
            Name = "stylenet-note (run best)",
            Kind = _config.Model.Bidirectional ? OfflineNoteStyleNet.Kind : NoteStyleNet.Kind,
            Config = ModelCard.ConfigOf(_config.Model),
            Data = "nasap performances (train) + pop909 (train, pop style); pianomidide not used",
            Split = "splits/split.csv (piece-level SHA-1 split); selected on valid",
            Metrics = new JsonObject { ["epoch"] = epoch + 1, [MetricName] = result.Metric },
        };
        foreach (var (k, v) in result.Extra)
        {
            card.Metrics[k] = double.IsFinite(v) ? v : null;
        }

        card.Write(Path.ChangeExtension(weightsPath, ".json"), weightsPath);
    }

    /// <summary>An inference model over the current parameters (shares their arrays; valid until the next step).</summary>
    public NoteStyleNet ToModel() => NoteStyleNet.FromTensors(CurrentTensors(), _config.Model);

    /// <summary>The streaming model or, for a bidirectional config, the whole-file one, over the current parameters.</summary>
    public INoteStyleNetMember ToVelocityModel() => INoteStyleNetMember.FromTensors(CurrentTensors(), _config.Model);

    private NamedTensors CurrentTensors()
    {
        var tensors = new NamedTensors();
        foreach (var p in Parameters.Parameters)
        {
            tensors.Add(p.Name, new Tensor(p.Data, p.Shape.ToArray()));
        }

        return tensors;
    }

    private void FillRow(TrainRandom rng, float[] x, float[] y, int row)
    {
        var (t, b, f) = (_config.SeqLen, _config.Batch, _config.Model.Input);
        var pop = _popTrain.Length > 0 && rng.NextFloat() < _config.PopFraction;
        var pieceIndex = Pick(pop ? _popCum : _nasapCum, rng);
        var piece = pop ? _popTrain[pieceIndex] : _nasapTrain[pieceIndex];
        var form = !pop && piece.ScoreNotes.Length > t && rng.NextFloat() < _config.ScoreFraction ? TimingForm.Score : TimingForm.Performance;
        var (notes, vel) = VelocityEvaluation.Form(piece, form);
        var r = rng.NextFloat();
        var la = r < _config.CausalFraction ? 0f : r < 2 * _config.CausalFraction ? _config.EvalLookahead : 0.05f + (rng.NextFloat() * (NoteFeatures.MaxLookaheadSeconds - 0.05f));
        var dropBeats = form == TimingForm.Performance && rng.NextFloat() < _config.BeatDrop;
        var dropDynamics = form == TimingForm.Score && rng.NextFloat() < _config.DynamicsDrop;
        var start = rng.NextInt(notes.Length - t + 1);
        var from = Math.Max(0, start - NoteFeatures.MaxHistory);
        var to = Math.Min(notes.Length, start + t + NoteFeatures.MaxWindowNotes);
        var window = _window.AsSpan(0, to - from);
        notes.AsSpan(from, to - from).CopyTo(window);
        if (dropBeats || dropDynamics)
        {
            for (var i = 0; i < window.Length; i++)
            {
                window[i] = dropBeats ? window[i] with { BeatPhase = float.NaN, Downbeat = false } : window[i] with { InputVelocity = 0 };
            }
        }

        for (var s = 0; s < t; s++)
        {
            NoteFeatures.Write(window, start - from + s, la, piece.Style, _features);
            _features.AsSpan(0, f).CopyTo(x.AsSpan(((s * b) + row) * f, f));
            y[(s * b) + row] = vel[start + s] / 127f;
        }

        if (_teacherLive is { } teacher && !pop && form == TimingForm.Performance && dropBeats && la == 0)
        {
            var (w, soft) = (_config.TeacherWeight, teacher[pieceIndex]);
            for (var s = 0; s < t; s++)
            {
                ref var target = ref y[(s * b) + row];
                target = ((1 - w) * target) + (w * soft[start + s] / 127f);
            }
        }
    }

    // Validation on the opening of each valid piece keeps an epoch's check short on a shared CPU; test uses whole pieces.
    private static StyleNetPiece Truncate(StyleNetPiece p, int notes) => notes <= 0 ? p : p with
    {
        PerfNotes = p.PerfNotes[..Math.Min(notes, p.PerfNotes.Length)],
        PerfVelocities = p.PerfVelocities[..Math.Min(notes, p.PerfVelocities.Length)],
        ScoreNotes = p.ScoreNotes[..Math.Min(notes, p.ScoreNotes.Length)],
        ScoreVelocities = p.ScoreVelocities[..Math.Min(notes, p.ScoreVelocities.Length)],
    };

    private static int Pick(long[] cum, TrainRandom rng)
    {
        // Pieces weighted by their note count, so every note is equally likely to be seen.
        var target = (long)(rng.NextFloat() * cum[^1]);
        var i = Array.BinarySearch(cum, target + 1);
        return Math.Clamp(i < 0 ? ~i : i, 0, cum.Length - 1);
    }

    /// <summary>The teacher's live velocities (performance timing, causal, no beats) for every piece, read from its start.</summary>
    private static float[][] TeacherLive(NoteStyleNet teacher, StyleNetPiece[] pieces, int threads)
    {
        var soft = new float[pieces.Length][];
        Parallel.For(0, pieces.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, i =>
        {
            soft[i] = new float[pieces[i].PerfNotes.Length];
            teacher.Predict(VelocityEvaluation.WithoutBeats(pieces[i].PerfNotes), 0, pieces[i].Style, soft[i]);
        });
        return soft;
    }

    private static long[] Cumulative(StyleNetPiece[] pieces)
    {
        var cum = new long[Math.Max(1, pieces.Length)];
        long s = 0;
        for (var i = 0; i < pieces.Length; i++)
        {
            s += pieces[i].PerfNotes.Length;
            cum[i] = s;
        }

        return cum;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"note StyleNet: {Parameters.ScalarCount} parameters, {_nasapTrain.Length} nasap + {_popTrain.Length} pop train pieces, {_valid.Count} valid");
}
