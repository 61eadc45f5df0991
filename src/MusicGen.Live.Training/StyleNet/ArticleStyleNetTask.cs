using System.Globalization;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// Trains the article StyleNet as the article did: mini-batches of 4 piano-roll windows (1/16 grid, 176 inputs)
/// of one genre, that genre's Bi-LSTM stack, the shared interpretation Bi-LSTM, dropout, a linear widening
/// layer to 88 outputs; MSE on velocity/127 at the cells where notes start (other cells are masked out);
/// Adam at 1e-3; early stopping on nasap valid MAE. Classical = nasap train in score timing (the grid is the
/// score's, the velocities the performer's); pop = pop909 train on its own tempo's grid.
/// </summary>
public sealed class ArticleStyleNetTask : ITrainingTask
{
    private readonly ArticleTrainingConfig _config;
    private readonly ArticleStyleNetConfig _model;
    private readonly LstmModule[] _genre;
    private readonly LstmModule _interp;
    private readonly LinearModule _out;
    private readonly StyleNetPiece[] _classical;
    private readonly StyleNetPiece[] _pop;
    private readonly IReadOnlyList<StyleNetPiece> _valid;
    private readonly int _threads;
    private readonly float[] _roll;
    private readonly (int Step, int Key)[] _cells = new (int, int)[1];

    public ArticleStyleNetTask(ArticleTrainingConfig config, IReadOnlyList<StyleNetPiece> pieces, int threads)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(pieces);
        config.Validate();
        _config = config;
        _model = new ArticleStyleNetConfig { Hidden = config.Hidden, GenreLayers = config.GenreLayers, Window = config.SeqLen };
        _threads = threads;
        var h = config.Hidden;
        _genre = [new LstmModule(Parameters, "classical", PianoRoll16.Inputs, h, config.GenreLayers, true), new LstmModule(Parameters, "pop", PianoRoll16.Inputs, h, config.GenreLayers, true)];
        _interp = new LstmModule(Parameters, "interp", 2 * h, h, 1, true);
        _out = new LinearModule(Parameters, "out", 2 * h, PianoRoll16.Keys);
        _classical = [.. pieces.Where(p => p.Dataset == "nasap" && p.Split == "train" && p.ScoreNotes.Length > 0 && p.SecondsPerQuarter > 0)];
        _pop = [.. pieces.Where(p => p.Dataset == "pop909" && p.Split == "train" && p.SecondsPerQuarter > 0)];
        _valid = [.. pieces.Where(p => p.Dataset == "nasap" && p.Split == "valid" && p.ScoreNotes.Length > 0).Select(p => p with
        {
            ScoreNotes = p.ScoreNotes[..Math.Min(1500, p.ScoreNotes.Length)],
            ScoreVelocities = p.ScoreVelocities[..Math.Min(1500, p.ScoreVelocities.Length)],
        })];
        if (_classical.Length == 0 || _valid.Count == 0)
        {
            throw new InvalidOperationException("no nasap train or valid pieces with score timing");
        }

        _roll = new float[config.SeqLen * PianoRoll16.Inputs];
    }

    public ParameterSet Parameters { get; } = new();

    public string MetricName => "valid_mae";

    public ArticleStyleNetConfig ModelConfig => _model;

    public void Initialize(TrainRandom rng)
    {
        foreach (var g in _genre)
        {
            g.Initialize(rng);
        }

        _interp.Initialize(rng);
        _out.Initialize(rng);
    }

    public Var Loss(Tape tape, TrainRandom rng)
    {
        var (t, b) = (_config.SeqLen, _config.Batch);
        var pop = _pop.Length > 0 && rng.NextFloat() < _config.PopFraction;
        var x = tape.Constant("roll", [t, b, PianoRoll16.Inputs]);
        var mask = tape.Constant("onsets", [t, b, PianoRoll16.Keys]);
        var y = tape.Constant("velocity", [t, b, PianoRoll16.Keys]);
        mask.Values.Clear();
        y.Values.Clear();
        for (var row = 0; row < b; row++)
        {
            var piece = pop ? _pop[rng.NextInt(_pop.Length)] : _classical[rng.NextInt(_classical.Length)];
            var (notes, vel) = pop ? (piece.PerfNotes, piece.PerfVelocities) : (piece.ScoreNotes, piece.ScoreVelocities);
            var step = piece.SecondsPerQuarter / 4;
            var total = PianoRoll16.StepCount(notes, step);
            var first = rng.NextInt(Math.Max(1, total - t + 1));
            PianoRoll16.Encode(notes, step, first, t, _roll);
            for (var s = 0; s < t; s++)
            {
                _roll.AsSpan(s * PianoRoll16.Inputs, PianoRoll16.Inputs).CopyTo(x.Data.AsSpan(((s * b) + row) * PianoRoll16.Inputs));
            }

            for (var i = 0; i < notes.Length; i++)
            {
                PianoRoll16.OnsetCells(notes.AsSpan(i, 1), step, _cells);
                var (cs, key) = _cells[0];
                if (key >= 0 && cs >= first && cs < first + t)
                {
                    var cell = ((((cs - first) * b) + row) * PianoRoll16.Keys) + key;
                    mask.Data[cell] = 1;
                    y.Data[cell] = vel[i] / 127f;
                }
            }
        }

        var h = _genre[pop ? 1 : 0].Forward(tape, x);
        h = tape.Dropout(h, _config.Dropout, rng);
        h = _interp.Forward(tape, h);
        h = tape.Dropout(h, _config.Dropout, rng);
        var pred = tape.Multiply(_out.Forward(tape, h), mask);
        return tape.MseLoss(pred, y);
    }

    public ValidationResult Validate()
    {
        var model = ToModel();
        var m = VelocityEvaluation.Run(_valid, TimingForm.Score, (p, _, n, v) => model.Predict(n, p.SecondsPerQuarter / 4, StyleNetStyle.Classical, v), _threads);
        return new ValidationResult(m.Mae, new Dictionary<string, double> { ["valid_r_score"] = m.Pearson });
    }

    public void OnBest(string weightsPath, ValidationResult result, int epoch)
    {
    }

    public ArticleStyleNet ToModel()
    {
        var tensors = new NamedTensors();
        foreach (var p in Parameters.Parameters)
        {
            tensors.Add(p.Name, new Tensor(p.Data, p.Shape.ToArray()));
        }

        return ArticleStyleNet.FromTensors(tensors, _model);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"article StyleNet: {Parameters.ScalarCount} parameters, {_classical.Length} classical + {_pop.Length} pop train pieces, {_valid.Count} valid");
}
