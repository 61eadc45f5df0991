using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// Trains the <see cref="LstmComposer"/> baseline on the shared loop: random augmented windows of 31 events
/// (30 inputs, 30 next-event targets), the same augmentation as the transformer; validation = bits per event on
/// the first events of each valid file, scored as in evaluation. Training thread only.
/// </summary>
internal sealed class LstmComposerTask : ITrainingTask
{
    private const int Batch = 32;
    private const int Steps = LstmComposer.Window;

    private readonly LstmComposer _model;
    private readonly PhraseCorpus _train;
    private readonly List<PhraseToken[]> _valid;
    private readonly long[] _cumulative;
    private readonly int[][] _inputs = new int[PhraseToken.FieldCount][];
    private readonly int[][] _targets = new int[PhraseToken.FieldCount][];

    public LstmComposerTask(LstmComposer model, PhraseCorpus train, PhraseCorpus valid)
    {
        _model = model;
        _train = train;
        _valid = [.. valid.Sequences.Select(s => PhraseEvaluator.Encode(model.Encoding, s, 200))];
        _cumulative = PhraseBatch.Cumulative(train.Sequences, Steps);
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            _inputs[f] = new int[Steps * Batch];
            _targets[f] = new int[Steps * Batch];
        }
    }

    public ParameterSet Parameters => _model.Parameters;

    public string MetricName => "valid_bits_per_event";

    public void Initialize(TrainRandom rng) => _model.Initialize(rng);

    public Var Loss(Tape tape, TrainRandom rng)
    {
        var enc = _model.Encoding;
        for (var b = 0; b < Batch; b++)
        {
            var pick = (long)(rng.NextFloat() * _cumulative[^1]);
            var idx = Array.BinarySearch(_cumulative, pick + 1);
            idx = idx < 0 ? ~idx : idx;
            while (idx > 0 && _cumulative[idx - 1] == _cumulative[idx])
            {
                idx--;
            }

            var s = _train.Sequences[idx];
            var start = rng.NextInt(s.Count - Steps);
            var semis = rng.NextInt(11) - 5;
            var scale = 1.0 + (((rng.NextFloat() * 2) - 1) * 0.1);
            for (var t = 0; t <= Steps; t++)
            {
                var token = enc.Encode(s.Augmented(start + t, semis, scale));
                for (var f = 0; f < PhraseToken.FieldCount; f++)
                {
                    var v = token.Get(f);
                    if (t < Steps)
                    {
                        _inputs[f][(t * Batch) + b] = v == PhraseToken.None ? enc.ClassCount(f) : v;
                    }

                    if (t > 0)
                    {
                        _targets[f][((t - 1) * Batch) + b] = v == PhraseToken.None ? LogSoftmaxNll.DefaultIgnoreIndex : v;
                    }
                }
            }
        }

        var logits = _model.Forward(tape, _inputs, Steps, Batch);
        Var loss = tape.CrossEntropy(logits[0], _targets[0]);
        for (var f = 1; f < logits.Length; f++)
        {
            loss = tape.Add(loss, tape.CrossEntropy(logits[f], _targets[f]));
        }

        return loss;
    }

    public ValidationResult Validate()
    {
        var nats = new double[PhraseToken.FieldCount];
        long events = 0;
        foreach (var tokens in _valid)
        {
            if (tokens.Length > LstmComposer.Window)
            {
                _model.Score(tokens, LstmComposer.Window, tokens.Length, nats);
                events += tokens.Length - LstmComposer.Window;
            }
        }

        return new ValidationResult(nats.Sum() / Math.Max(1, events) / Math.Log(2));
    }

    public void OnBest(string weightsPath, ValidationResult result, int epoch)
    {
    }
}
