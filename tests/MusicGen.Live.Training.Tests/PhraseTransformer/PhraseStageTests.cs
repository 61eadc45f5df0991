using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.Training.PhraseTransformer;

namespace MusicGen.Live.Training.Tests.PhraseTransformer;

/// <summary>A further training stage from shipped weights (initFrom), and evaluation against recorded baselines.</summary>
public sealed class PhraseStageTests : IDisposable
{
    private static readonly PhraseTransformerConfig s_config = new() { Layers = 2, ModelDim = 32, Heads = 2, MlpDim = 64, Window = 24 };
    private readonly string _dir = Directory.CreateTempSubdirectory("phrase-stage").FullName;
    private readonly WorkerPool _pool = new(1);

    public void Dispose()
    {
        _pool.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void InitFromStartsAtTheGivenWeightsNotTheRandomOnes()
    {
        var source = new PhraseTrainModel(s_config);
        source.Initialize(new TrainRandom(1));
        var path = Path.Combine(_dir, "init.safetensors");
        SafeTensors.Write(path, source.Export());

        var task = NewTask(path);
        task.Initialize(new TrainRandom(2));

        var fresh = new PhraseTrainModel(s_config);
        fresh.Initialize(new TrainRandom(2));
        var differsFromRandom = false;
        for (var i = 0; i < task.Parameters.Count; i++)
        {
            var p = task.Parameters.Parameters[i];
            Assert.Equal(source.Parameters[p.Name].Values.ToArray(), p.Values.ToArray());
            differsFromRandom |= !fresh.Parameters[p.Name].Values.SequenceEqual(p.Values);
        }

        Assert.True(differsFromRandom);
    }

    [Fact]
    public void InitFromWeightsOfAnotherShapeNamesTheTensor()
    {
        var wider = new PhraseTrainModel(s_config with { ModelDim = 48, Heads = 2 });
        wider.Initialize(new TrainRandom(1));
        var path = Path.Combine(_dir, "wide.safetensors");
        SafeTensors.Write(path, wider.Export());

        var task = NewTask(path);
        var e = Assert.Throws<InvalidDataException>(() => task.Initialize(new TrainRandom(2)));
        Assert.Contains("emb.shift.weight", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordedBaselinesAreTakenOnlyFromACardThatScoredTheSameEvents()
    {
        var recorded = new Dictionary<string, double>
        {
            ["test_scored_events"] = 43303,
            ["test_bits_lstm-composer"] = 15.756,
            ["test_bits_lstm-composer_pitch"] = 3.876,
            ["test_bits_unigram"] = 19.9,
            ["test_bits_transformer"] = 13.54,
            ["lstm-composer_train_steps"] = 11000,
            ["valid_bits_lstm-composer"] = 15.4,
        };

        var taken = PhraseEvaluator.RecordedBaselines(recorded, "test", 43303, "card.json");
        Assert.Equal(15.756, taken["test_bits_lstm-composer"]);
        Assert.Equal(3.876, taken["test_bits_lstm-composer_pitch"]);
        Assert.Equal(19.9, taken["test_bits_unigram"]);
        Assert.Equal(11000, taken["lstm-composer_train_steps"]);
        Assert.False(taken.ContainsKey("test_bits_transformer"));
        Assert.False(taken.ContainsKey("valid_bits_lstm-composer"));

        var other = Assert.Throws<InvalidDataException>(() => PhraseEvaluator.RecordedBaselines(recorded, "test", 43000, "card.json"));
        Assert.Contains("card.json", other.Message, StringComparison.Ordinal);
        Assert.Contains("43303", other.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => PhraseEvaluator.RecordedBaselines(recorded, "valid", 43303, "card.json"));
    }

    private PhraseTrainingTask NewTask(string initFrom)
    {
        var enc = new PhraseTrainModel(s_config).Encoding;
        var train = PhraseCorpus.Of("train", [PhraseTrainModelTests.RandomSequence(enc, 80, 3)]);
        var valid = PhraseCorpus.Of("valid", [PhraseTrainModelTests.RandomSequence(enc, 80, 4)]);
        var options = new PhraseTrainingOptions { Seq = 24, Batch = 2, InitFrom = initFrom, ModelPath = Path.Combine(_dir, "model") };
        return new PhraseTrainingTask(new PhraseTrainingConfig(s_config, options), train, valid, _pool);
    }
}
