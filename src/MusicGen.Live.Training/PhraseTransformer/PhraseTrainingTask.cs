using System.Globalization;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Core;
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
        _batch = new PhraseBatch(_model.Encoding, o.Batch, o.Seq, config.Model.Styles) { MaxTranspose = o.MaxTranspose, MaxTempoChange = o.MaxTempoChange, StyleDropout = o.StyleDropout };
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
                var weights = SafeTensors.Read(init);
                var style = PhraseTransformerModel.StylePrefix + "weight";
                if (_config.Model.Styles > 0 && !weights.Contains(style))
                {
                    // A style-less model's weights: the style table stays zero, so step 0 is that model exactly.
                    weights.Add(style, new Tensor(new float[(_config.Model.Styles + 1) * _config.Model.ModelDim], [_config.Model.Styles + 1, _config.Model.ModelDim]));
                }

                _model.Parameters.LoadFrom(weights);
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
        return _model.Forward(tape, _batch.Inputs, _batch.Targets, _batch.Conditions, _batch.Batch, _batch.Seq, _batch.Styles);
    }

    public ValidationResult Validate()
    {
        var extra = new Dictionary<string, double>();
        if (_config.Training.Datasets is not { } sets)
        {
            var (total, fields) = ValidBits(_valid.Sequences);
            AddFields(extra, "valid_", fields);
            return new ValidationResult(total, extra);
        }

        // Each data set on its own windows (each fed its style); selection on their mean, so the small sets count.
        double sum = 0;
        foreach (var set in sets)
        {
            var (total, fields) = ValidBits(_valid.Sequences.Where(q => q.Dataset == set).ToList());
            extra[$"valid_{set}"] = total;
            AddFields(extra, $"valid_{set}_", fields);
            sum += total;
        }

        return new ValidationResult(sum / sets.Length, extra);
    }

    private static void AddFields(Dictionary<string, double> extra, string prefix, double[] fields)
    {
        for (var f = 0; f < fields.Length; f++)
        {
            extra[prefix + PhraseTransformerModel.FieldName(f)] = fields[f];
        }
    }

    // Bits per event (total and per field) over fixed windows of the given sequences.
    private (double Total, double[] Fields) ValidBits(IReadOnlyList<PhraseSequence> sequences)
    {
        var o = _config.Training;
        var windows = new List<(PhraseSequence S, int Start)>();
        foreach (var s in sequences)
        {
            var room = s.Count - o.Seq - 1;
            for (var w = 0; w < o.ValidWindowsPerFile && room >= 0; w++)
            {
                windows.Add((s, (int)((long)room * (w + 1) / (o.ValidWindowsPerFile + 1))));
            }
        }

        var batch = new PhraseBatch(_model.Encoding, o.Batch, o.Seq, _config.Model.Styles);
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
            _model.Forward(_validTape, batch.Inputs, batch.Targets, batch.Conditions, o.Batch, o.Seq, batch.Styles);
            for (var f = 0; f < PhraseToken.FieldCount; f++)
            {
                nats[f] += _model.FieldLoss[f] * batch.TargetCounts[f];
            }

            events += batch.EventCount;
        }

        var bits = nats.Select(n => n / Math.Max(1, events) / Math.Log(2)).ToArray();
        return (bits.Sum(), bits);
    }

    public void OnBest(string weightsPath, ValidationResult result, int epoch)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = _config.Training;
        var card = PhraseTransformerFile.NewCard(_config.Model);
        card.Data = (o.Datasets is { } sets
                ? "../shared/data " + string.Join(" + ", sets.Select(DatasetDescription)) + $"; style embedding per event, dropped to none for {o.StyleDropout:P0} of training windows"
                : "../shared/data nasap performance MIDIs (CC BY-NC-SA 4.0)" + (o.IncludePop909 ? " + pop909 PIANO tracks (MIT)" : string.Empty))
                + "; events = MIDI notes (key-held durations) + CC64 pedal transitions";
        card.Split = "splits/split.csv: train trains, valid selects (best valid NLL); test never used in training or selection";
        card.Training["schedule"] = string.Create(
                CultureInfo.InvariantCulture,
                $"AdamW lr {o.LearningRate} (warm-up {o.WarmupSteps}, cosine to {o.MinLearningRate} over {o.TotalSteps} steps), "
                    + $"wd {o.WeightDecay}, clip {o.ClipNorm}, batch {o.Batch}x{o.Seq} events, transpose ±{o.MaxTranspose}, tempo ±{o.MaxTempoChange * 100}%, "
                    + $"{o.Threads} threads{(o.InitFrom is { Length: > 0 } ? ", started from " + Path.GetFileName(o.InitFrom) : string.Empty)}; "
                    + $"best at validation {epoch + 1} (every {o.EvalEvery} steps)");
        card.Training["steps"] = (long)(epoch + 1) * o.EvalEvery;
        card.Training["train_events"] = (long)(epoch + 1) * o.EvalEvery * o.Batch * o.Seq;
        card.Training["valid_nll_bits_per_event"] = Math.Round(result.Metric, 4);
        foreach (var (k, v) in result.Extra)
        {
            card.Metrics[k] = Math.Round(v, 4);
        }

        PhraseTransformerFile.Save(o.ModelPath, _model.Export(), card);
    }

    private static string DatasetDescription(string set) => set switch
    {
        "nasap" => "nasap performance MIDIs (CC BY-NC-SA 4.0) as classical",
        "pop909" => "pop909 PIANO + MELODY tracks (MIT) as pop",
        "pianomidide" => "piano-midi.de files (CC BY-SA 3.0 DE, study and research) as classical",
        _ => set,
    };
}
