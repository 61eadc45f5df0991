using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Training.PhraseTransformer;

namespace MusicGen.Live.Training.Tests.PhraseTransformer;

public sealed class PhraseTrainModelTests
{
    private static readonly PhraseTransformerConfig s_config = new() { Layers = 2, ModelDim = 32, Heads = 2, MlpDim = 64, Window = 24 };

    [Fact]
    public void ExportedWeightsScoreTheSameInTheInferenceModel()
    {
        var train = new PhraseTrainModel(s_config);
        train.Initialize(new TrainRandom(11));
        var seq = RandomSequence(train.Encoding, 60, 12);
        const int B = 2, T = 24;
        var batch = new PhraseBatch(train.Encoding, B, T);
        batch.SetWindow(0, seq, 0);
        batch.SetWindow(1, seq, 30);
        batch.Count();
        var tape = new Tape { Training = false };
        train.Forward(tape, batch.Inputs, batch.Targets, batch.Conditions, B, T);

        var model = PhraseTransformerModel.Load(train.Export(), s_config);
        var state = new PhraseRunState(s_config, T);
        var hidden = new float[T * s_config.ModelDim];
        var logits = new float[model.MaxClasses()];
        var lp = new double[PhraseToken.FieldCount];
        var nats = new double[PhraseToken.FieldCount];
        foreach (var start in new[] { 0, 30 })
        {
            var tokens = Enumerable.Range(start, T + 1).Select(i => train.Encoding.Encode(seq[i])).ToArray();
            model.Forward(tokens.AsSpan(0, T), hidden, state);
            for (var t = 0; t < T; t++)
            {
                model.ScoreFields(hidden.AsSpan(t * s_config.ModelDim, s_config.ModelDim), tokens[t + 1], state, logits, lp);
                for (var f = 0; f < lp.Length; f++)
                {
                    nats[f] -= lp[f];
                }
            }
        }

        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            Assert.Equal(train.FieldLoss[f], nats[f] / batch.TargetCounts[f], 3);
        }
    }

    [Fact]
    public void LossFallsOnARepeatedBatch()
    {
        var train = new PhraseTrainModel(s_config);
        train.Initialize(new TrainRandom(13));
        var batch = new PhraseBatch(train.Encoding, 2, 24);
        var seq = RandomSequence(train.Encoding, 60, 14);
        batch.SetWindow(0, seq, 0);
        batch.SetWindow(1, seq, 20);
        batch.Count();
        var adam = new MusicGen.Live.Tensors.Optim.Adam(train.Parameters, new() { LearningRate = 3e-3f });
        var tape = new Tape();
        float first = 0, last = 0;
        for (var i = 0; i < 30; i++)
        {
            tape.Reset();
            train.Parameters.ZeroGrad();
            var loss = train.Forward(tape, batch.Inputs, batch.Targets, batch.Conditions, 2, 24);
            tape.Backward(loss);
            adam.Step();
            first = i == 0 ? loss.Data[0] : first;
            last = loss.Data[0];
        }

        Assert.True(last < first * 0.8f, $"loss {first} → {last}");
    }

    [Fact]
    public void BatchTargetsAreTheNextEventAndPedalNoteFieldsAreIgnored()
    {
        var enc = PhraseEncoding.Default;
        var seq = RandomSequence(enc, 40, 15);
        var batch = new PhraseBatch(enc, 1, 10);
        batch.SetWindow(0, seq, 5);
        batch.Count();
        for (var t = 0; t < 10; t++)
        {
            var input = enc.Encode(seq[5 + t]);
            var next = enc.Encode(seq[6 + t]);
            Assert.Equal(input.Shift, batch.Inputs[0][t]);
            Assert.Equal(next.Kind, batch.Targets[1][t]);
            Assert.Equal(next.IsNote ? next.Pitch : -100, batch.Targets[2][t]);
            Assert.Equal(next.IsNote ? next.Pitch : enc.PitchCount, batch.Conditions[2][t]);
        }

        var notes = Enumerable.Range(6, 10).Count(i => seq.Kind[i] == 0);
        Assert.Equal(10, batch.TargetCounts[0]);
        Assert.Equal(notes, batch.TargetCounts[2]);
        Assert.Equal(notes, batch.TargetCounts[4]);
    }

    [Fact]
    public void AugmentationTransposesAndScalesTime()
    {
        var seq = new PhraseSequence("x", [PhraseEvent.Note(0.5, 60, 1.0, 80), PhraseEvent.Pedal(0.25, true)]);
        var a = seq.Augmented(0, 3, 0.9);
        Assert.Equal(63, a.Pitch);
        Assert.Equal(0.45, a.TimeShift, 6);
        Assert.Equal(0.9, a.Duration, 6);
        Assert.Equal(0, seq.Augmented(1, 3, 0.9).Pitch);
        Assert.Equal(PhraseEventKind.PedalDown, seq.Augmented(1, 3, 0.9).Kind);
    }

    internal static PhraseSequence RandomSequence(PhraseEncoding enc, int count, int seed)
    {
        var rng = new Random(seed);
        var events = new List<PhraseEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(rng.Next(5) == 0
                ? PhraseEvent.Pedal(rng.NextDouble(), rng.Next(2) == 0)
                : PhraseEvent.Note(rng.NextDouble() * 0.5, rng.Next(enc.LowestPitch, enc.HighestPitch + 1), 0.05 + rng.NextDouble(), rng.Next(1, 128)));
        }

        return new PhraseSequence("random", events);
    }
}
