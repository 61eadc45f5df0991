using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Models.Tests.PhraseTransformer;

public sealed class PhraseTransformerModelTests
{
    [Theory]
    [InlineData(16, 10)]
    [InlineData(16, 40)] // past the window: the cache drops the oldest events, the full pass masks them alike
    public void CachedStepsEqualFullRecompute(int window, int count)
    {
        var config = PhraseTestData.Small(window);
        var model = PhraseTransformerModel.Random(new Random(3), config);
        var tokens = PhraseTestData.RandomTokens(model.Encoding, count, 4);
        var d = config.ModelDim;

        var full = new PhraseRunState(config, count);
        var hidden = new float[count * d];
        model.Forward(tokens, hidden, full);

        var step = new PhraseRunState(config);
        var logitsStep = new float[model.MaxClasses()];
        var logitsFull = new float[model.MaxClasses()];
        var scoreStep = new double[PhraseToken.FieldCount];
        var scoreFull = new double[PhraseToken.FieldCount];
        for (var t = 0; t < count; t++)
        {
            model.Observe(tokens[t], step);
            for (var i = 0; i < d; i++)
            {
                Assert.True(Math.Abs(step.Hidden[i] - hidden[(t * d) + i]) < 2e-4f, $"position {t}, unit {i}: {step.Hidden[i]} vs {hidden[(t * d) + i]}");
            }

            if (t + 1 < count)
            {
                model.ScoreFields(step.Hidden, tokens[t + 1], step, logitsStep, scoreStep);
                model.ScoreFields(hidden.AsSpan(t * d, d), tokens[t + 1], full, logitsFull, scoreFull);
                for (var f = 0; f < PhraseToken.FieldCount; f++)
                {
                    Assert.Equal(scoreFull[f], scoreStep[f], 3);
                }
            }
        }

        Assert.Equal(count, step.Position);
    }

    [Fact]
    public void HeadsSeeTheFieldsChosenBeforeThem()
    {
        var config = PhraseTestData.Small();
        var model = PhraseTransformerModel.Random(new Random(5), config);
        var state = new PhraseRunState(config);
        model.Observe(new PhraseToken(3, 0, 40, 10, 16), state);
        var a = new float[model.Encoding.PitchCount];
        var b = new float[model.Encoding.PitchCount];
        model.BeginFields(state);
        model.ChooseField(PhraseField.Shift, 1, state);
        model.FieldLogits(PhraseField.Pitch, state, a);
        model.BeginFields(state);
        model.ChooseField(PhraseField.Shift, 50, state);
        model.FieldLogits(PhraseField.Pitch, state, b);
        Assert.False(a.AsSpan().SequenceEqual(b), "the pitch head ignored the chosen time shift");
    }

    [Fact]
    public void ObserveAllocatesNothing()
    {
        var config = PhraseTestData.Small();
        var model = PhraseTransformerModel.Random(new Random(6), config);
        var tokens = PhraseTestData.RandomTokens(model.Encoding, 64, 7);
        var state = new PhraseRunState(config);
        var logits = new float[model.MaxClasses()];
        var scores = new double[PhraseToken.FieldCount];
        for (var t = 0; t < 8; t++)
        {
            model.Observe(tokens[t], state);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 8; t < tokens.Length - 1; t++)
        {
            model.Observe(tokens[t], state);
            model.ScoreFields(state.Hidden, tokens[t + 1], state, logits, scores);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void OutOfRangeTokenThrowsNamingTheField()
    {
        var config = PhraseTestData.Small();
        var model = PhraseTransformerModel.Random(new Random(8), config);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Observe(new PhraseToken(0, 0, 999, 0, 0), new PhraseRunState(config)));
        Assert.Contains("Pitch", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PhraseDecodePrecision.Bf16)]
    [InlineData(PhraseDecodePrecision.Int8)]
    [InlineData(PhraseDecodePrecision.Int8A16)]
    [InlineData(PhraseDecodePrecision.Int8A16Kv)]
    public void CompactDecodeStaysCloseToFloatAndAllocatesNothing(PhraseDecodePrecision precision)
    {
        var config = PhraseTestData.Small();
        var exact = PhraseTransformerModel.Random(new Random(9), config);
        var compact = exact.WithWindow(config.Window).UseDecodePrecision(precision);
        Assert.Equal(precision, compact.DecodePrecision);
        Assert.Equal(PhraseDecodePrecision.Fp32, exact.DecodePrecision);
        var tokens = PhraseTestData.RandomTokens(exact.Encoding, 40, 10);
        var a = new PhraseRunState(config);
        var b = new PhraseRunState(config, 1, compact.CacheFormat);
        for (var t = 0; t < 8; t++)
        {
            exact.Observe(tokens[t], a);
            compact.Observe(tokens[t], b);
        }

        var logits = new float[compact.MaxClasses()];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 8; t < tokens.Length; t++)
        {
            compact.Observe(tokens[t], b);
            compact.BeginFields(b);
            compact.FieldLogits(PhraseField.Pitch, b, logits.AsSpan(0, compact.Encoding.PitchCount));
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        for (var t = 8; t < tokens.Length; t++)
        {
            exact.Observe(tokens[t], a);
        }

        for (var i = 0; i < config.ModelDim; i++)
        {
            Assert.True(Math.Abs(a.Hidden[i] - b.Hidden[i]) < 0.05f, $"unit {i}: {a.Hidden[i]} vs {b.Hidden[i]}");
        }
    }
}
