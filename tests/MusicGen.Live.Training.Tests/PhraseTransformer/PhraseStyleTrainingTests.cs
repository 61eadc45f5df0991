using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.TestSupport;
using MusicGen.Live.Training.PhraseTransformer;

namespace MusicGen.Live.Training.Tests.PhraseTransformer;

/// <summary>Style-conditioned training: the trained style path is the shipped one, a style-less start is kept exactly, the data sets carry their styles.</summary>
public sealed class PhraseStyleTrainingTests : IDisposable
{
    private static readonly PhraseTransformerConfig s_config = new() { Layers = 2, ModelDim = 32, Heads = 2, MlpDim = 64, Window = 24, Styles = 2 };
    private readonly string _dir = Directory.CreateTempSubdirectory("phrase-style").FullName;
    private readonly WorkerPool _pool = new(1);

    public void Dispose()
    {
        _pool.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Styled_training_loss_equals_the_inference_models_nll_for_each_style()
    {
        var train = new PhraseTrainModel(s_config);
        train.Initialize(new TrainRandom(21));
        var styleTable = train.Parameters[PhraseTransformerModel.StylePrefix + "weight"].Values;
        Assert.All(styleTable.ToArray(), v => Assert.Equal(0f, v));
        new TrainRandom(22).FillNormal(styleTable, 1f); // a trained-looking table, so a dropped style would show

        var enc = train.Encoding;
        var classical = PhraseTrainModelTests.RandomSequence(enc, 60, 23).WithStyle((int)StyleNetStyle.Classical);
        var pop = PhraseTrainModelTests.RandomSequence(enc, 60, 24).WithStyle((int)StyleNetStyle.Pop);
        const int B = 3, T = 24;
        var batch = new PhraseBatch(enc, B, T, s_config.Styles);
        batch.SetWindow(0, classical, 0);
        batch.SetWindow(1, pop, 30);
        batch.SetWindow(2, pop, 5, withStyle: false);
        batch.Count();
        var tape = new Tape { Training = false };
        train.Forward(tape, batch.Inputs, batch.Targets, batch.Conditions, B, T, batch.Styles);

        var model = PhraseTransformerModel.Load(train.Export(), s_config);
        var state = new PhraseRunState(s_config, T);
        var hidden = new float[T * s_config.ModelDim];
        var logits = new float[model.MaxClasses()];
        var lp = new double[PhraseToken.FieldCount];
        var nats = new double[PhraseToken.FieldCount];
        foreach (var (seq, start, style) in new[] { (classical, 0, 0), (pop, 30, 1), (pop, 5, PhraseRunState.NoStyle) })
        {
            state.Style = style;
            var tokens = Enumerable.Range(start, T + 1).Select(i => enc.Encode(seq[i])).ToArray();
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

        // Feeding the wrong style changes the loss: the column is used.
        batch.SetWindow(0, classical.WithStyle((int)StyleNetStyle.Pop), 0);
        tape.Reset();
        var before = train.FieldLoss.Sum();
        train.Forward(tape, batch.Inputs, batch.Targets, batch.Conditions, B, T, batch.Styles);
        Assert.NotEqual(before, train.FieldLoss.Sum(), 6);
    }

    [Fact]
    public void Starting_from_styleless_weights_gives_that_model_exactly_under_every_style()
    {
        var plainConfig = s_config with { Styles = 0 };
        var source = new PhraseTrainModel(plainConfig);
        source.Initialize(new TrainRandom(31));
        var path = Path.Combine(_dir, "plain.safetensors");
        SafeTensors.Write(path, source.Export());

        var enc = source.Encoding;
        var train = PhraseCorpus.Of("train", [PhraseTrainModelTests.RandomSequence(enc, 80, 32).WithStyle(0)]);
        var valid = PhraseCorpus.Of("valid", [new PhraseSequence("pop909/001.mid", PhraseTrainModelTests.RandomSequence(enc, 80, 33).ToArray(0, 80)).WithStyle(1)]);
        var options = new PhraseTrainingOptions { Seq = 24, Batch = 2, InitFrom = path, ModelPath = Path.Combine(_dir, "model"), Datasets = ["nasap", "pop909"] };
        var task = new PhraseTrainingTask(new PhraseTrainingConfig(s_config, options), train, valid, _pool);
        task.Initialize(new TrainRandom(34));
        Assert.All(task.Parameters[PhraseTransformerModel.StylePrefix + "weight"].Values.ToArray(), v => Assert.Equal(0f, v));

        var weights = new NamedTensors();
        foreach (var p in task.Parameters.Parameters)
        {
            weights.Add(p.Name, new MusicGen.Live.Tensors.Core.Tensor(p.Values.ToArray(), p.Shape.ToArray()));
        }

        var styled = PhraseTransformerModel.Load(weights, s_config);
        var plain = PhraseTransformerModel.Load(source.Export(), plainConfig);
        var tokens = Enumerable.Range(0, 30).Select(i => enc.Encode(train.Sequences[0][i])).ToArray();
        var reference = new PhraseRunState(plainConfig);
        var states = new[] { 0, 1, PhraseRunState.NoStyle }.Select(s => new PhraseRunState(s_config) { Style = s }).ToArray();
        var expected = new float[plain.MaxClasses()];
        var actual = new float[plain.MaxClasses()];
        foreach (var t in tokens)
        {
            plain.Observe(t, reference);
            plain.BeginFields(reference);
            plain.FieldLogits(PhraseField.Pitch, reference, expected);
            foreach (var s in states)
            {
                styled.Observe(t, s);
                styled.BeginFields(s);
                styled.FieldLogits(PhraseField.Pitch, s, actual);
                Assert.Equal(expected, actual);
            }
        }

        // Validation reports each data set present in valid (pop909 here) and selects on the mean.
        var result = task.Validate();
        Assert.True(result.Extra.ContainsKey("valid_pop909"));
        Assert.True(double.IsFinite(result.Metric));
    }

    [Fact]
    public void Style_dropout_feeds_the_none_row_to_that_share_of_windows()
    {
        var enc = new PhraseEncoding();
        var seq = PhraseTrainModelTests.RandomSequence(enc, 200, 41).WithStyle((int)StyleNetStyle.Pop);
        var always = new PhraseBatch(enc, 64, 8, 2) { StyleDropout = 0 };
        var half = new PhraseBatch(enc, 64, 8, 2) { StyleDropout = 0.5 };
        var rng = new TrainRandom(42);
        always.FillRandom([seq], PhraseBatch.Cumulative([seq], 8), rng);
        half.FillRandom([seq], PhraseBatch.Cumulative([seq], 8), rng);
        Assert.All(always.Styles!, r => Assert.Equal((int)StyleNetStyle.Pop, r));
        var none = Enumerable.Range(0, 64).Count(b => half.Styles![b * 8] == 2);
        Assert.InRange(none, 16, 48);
        Assert.All(Enumerable.Range(0, 64), b => Assert.All(half.Styles!.AsSpan(b * 8, 8).ToArray(), r => Assert.Equal(half.Styles![b * 8], r)));
    }

    [Fact]
    public void Configs_pair_datasets_with_styles_and_name_unknown_data_sets()
    {
        Assert.Throws<InvalidDataException>(() => new PhraseTrainingOptions { Datasets = ["nasap", "jazz"] }.Validate());
        Assert.Throws<InvalidDataException>(() => new PhraseTrainingOptions { Datasets = ["nasap"], IncludePop909 = true }.Validate());
        var path = Path.Combine(_dir, "c.json");
        File.WriteAllText(path, """{ "model": { "layers": 2, "modelDim": 32, "heads": 2, "mlpDim": 64, "window": 24 }, "training": { "seq": 24, "datasets": ["nasap", "pop909"] } }""");
        Assert.Contains("styles", Assert.Throws<InvalidDataException>(() => PhraseTrainingConfig.Load(path)).Message, StringComparison.Ordinal);
        File.WriteAllText(path, """{ "model": { "layers": 2, "modelDim": 32, "heads": 2, "mlpDim": 64, "window": 24, "styles": 2 }, "training": { "seq": 24, "datasets": ["nasap", "pop909"] } }""");
        Assert.Equal(2, PhraseTrainingConfig.Load(path).Model.Styles);
        Assert.Throws<InvalidDataException>(() => PhraseCorpus.LoadDataset(RepoPaths.Data, "valid", "jazz", _dir));
    }

    [Fact]
    public void Data_sets_load_with_their_styles_and_pop909_keeps_its_melody()
    {
        var pmd = PhraseCorpus.LoadDataset(RepoPaths.Data, "valid", "pianomidide", _dir);
        Assert.NotEmpty(pmd.Sequences);
        Assert.All(pmd.Sequences, s => Assert.Equal((int)StyleNetStyle.Classical, s.Style));
        Assert.All(pmd.Sequences, s => Assert.Equal("pianomidide", s.Dataset));

        var pop = PhraseCorpus.LoadDataset(RepoPaths.Data, "valid", "pop909", _dir);
        Assert.All(pop.Sequences, s => Assert.Equal((int)StyleNetStyle.Pop, s.Style));
        var pianoOnly = PhraseCorpus.Load(RepoPaths.Data, "valid", includePop909: true, _dir).Sequences.Where(s => s.Dataset == "pop909").ToList();
        Assert.Equal(pianoOnly.Count, pop.Sequences.Count);
        Assert.True(pop.EventCount > pianoOnly.Sum(s => (long)s.Count), "PIANO + MELODY must hold more events than PIANO alone");

        // The cache gives the same corpus back.
        var again = PhraseCorpus.LoadDataset(RepoPaths.Data, "valid", "pop909", _dir);
        Assert.Equal(pop.EventCount, again.EventCount);
        Assert.Equal(pop.Sequences[0].Pitch, again.Sequences[0].Pitch);
    }
}
