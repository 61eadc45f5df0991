using System.Globalization;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// The phrase transformer as a <see cref="ITrainingTask"/> for the shared <see cref="TrainingLoop"/>: random
/// augmented training windows; validation NLL in bits per event (total and per field) on fixed valid windows;
/// on a new best, the weights and model card go to the model path. Training thread only.
/// </summary>
internal sealed class PhraseTrainingTask : ITrainingTask
{
    private readonly PhraseTrainingConfig _config;
    private readonly PhraseTrainModel _model;
    private readonly PhraseCorpus _train;
    private readonly PhraseCorpus _valid;
    private readonly PhraseBatch _batch;
    private readonly long[] _cumulative;
    private readonly Tape _validTape;
    private long _steps;

    public PhraseTrainingTask(PhraseTrainingConfig config, PhraseCorpus train, PhraseCorpus valid, WorkerPool validPool)
    {
        _config = config;
        _model = new PhraseTrainModel(config.Model);
        _train = train;
        _valid = valid;
        var o = config.Training;
        _batch = new PhraseBatch(_model.Encoding, o.Batch, o.Seq) { MaxTranspose = o.MaxTranspose, MaxTempoChange = o.MaxTempoChange };
        _cumulative = PhraseBatch.Cumulative(train.Sequences, o.Seq);
        if (_cumulative.Length == 0 || _cumulative[^1] == 0)
        {
            throw new InvalidDataException($"no train performance has more than {o.Seq} events");
        }

        _validTape = new Tape(validPool) { Training = false };
    }

    public ParameterSet Parameters => _model.Parameters;

    public string MetricName => "valid_bits_per_event";

    public void Initialize(TrainRandom rng)
    {
        _model.Initialize(rng);
        if (_config.Training.InitFrom is { Length: > 0 } init)
        {
            // Same names and shapes as Export writes; a mismatch names the tensor and the file.
            try
            {
                _model.Parameters.LoadFrom(SafeTensors.Read(init));
            }
            catch (WeightMismatchException e)
            {
                throw new InvalidDataException($"initFrom {init}: {e.Message} (a model of another config?)", e);
            }
        }
    }

    public Var Loss(Tape tape, TrainRandom rng)
    {
        _batch.FillRandom(_train.Sequences, _cumulative, rng);
        _steps++;
        return _model.Forward(tape, _batch.Inputs, _batch.Targets, _batch.Conditions, _batch.Batch, _batch.Seq);
    }

    public ValidationResult Validate()
    {
        var o = _config.Training;
        var windows = new List<(PhraseSequence S, int Start)>();
        foreach (var s in _valid.Sequences)
        {
            var room = s.Count - o.Seq - 1;
            for (var w = 0; w < o.ValidWindowsPerFile && room >= 0; w++)
            {
                windows.Add((s, (int)((long)room * (w + 1) / (o.ValidWindowsPerFile + 1))));
            }
        }

        var batch = new PhraseBatch(_model.Encoding, o.Batch, o.Seq);
        var nats = new double[PhraseToken.FieldCount];
        long events = 0;
        for (var i = 0; i + o.Batch <= windows.Count; i += o.Batch)
        {
            for (var b = 0; b < o.Batch; b++)
            {
                batch.SetWindow(b, windows[i + b].S, windows[i + b].Start);
            }

            batch.Count();
            _validTape.Reset();
            _model.Forward(_validTape, batch.Inputs, batch.Targets, batch.Conditions, o.Batch, o.Seq);
            for (var f = 0; f < PhraseToken.FieldCount; f++)
            {
                nats[f] += _model.FieldLoss[f] * batch.TargetCounts[f];
            }

            events += batch.EventCount;
        }

        var extra = new Dictionary<string, double>();
        double total = 0;
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            var bits = nats[f] / Math.Max(1, events) / Math.Log(2);
            extra["valid_" + PhraseTransformerModel.FieldName(f)] = bits;
            total += bits;
        }

        return new ValidationResult(total, extra);
    }

    public void OnBest(string weightsPath, ValidationResult result, int epoch)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = _config.Training;
        var card = new PhraseModelCard
        {
            Config = _config.Model,
            Data = "../shared/data nasap performance MIDIs (CC BY-NC-SA 4.0)" + (o.IncludePop909 ? " + pop909 PIANO tracks (MIT)" : string.Empty) + "; events = MIDI notes (key-held durations) + CC64 pedal transitions",
            Split = "splits/split.csv: train trains, valid selects (best valid NLL); test never used in training or selection",
            Training = string.Create(CultureInfo.InvariantCulture, $"AdamW lr {o.LearningRate} (warm-up {o.WarmupSteps}, cosine to {o.MinLearningRate} over {o.TotalSteps} steps), wd {o.WeightDecay}, clip {o.ClipNorm}, batch {o.Batch}x{o.Seq} events, transpose ±{o.MaxTranspose}, tempo ±{o.MaxTempoChange * 100}%, {o.Threads} threads{(o.InitFrom is { Length: > 0 } ? ", started from " + Path.GetFileName(o.InitFrom) : string.Empty)}; best at validation {epoch + 1} (every {o.EvalEvery} steps)"),
            Steps = (long)(epoch + 1) * o.EvalEvery,
            TrainEvents = (long)(epoch + 1) * o.EvalEvery * o.Batch * o.Seq,
            ValidNllBitsPerEvent = Math.Round(result.Metric, 4),
            Metrics = result.Extra.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4)),
        };
        PhraseTransformerFile.Save(o.ModelPath, _model.Export(), card);
    }
}
