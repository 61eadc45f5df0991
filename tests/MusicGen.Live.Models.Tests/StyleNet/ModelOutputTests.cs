using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Tests.StyleNet;

/// <summary>NaN or infinity out of a model is a fault that names the model, never a velocity or a sampled class.</summary>
public sealed class ModelOutputTests
{
    private static NoteStyleNet Giving(float bias)
    {
        var config = StyleNetTestData.SmallNote();
        var tensors = StyleNetTestData.NoteTensors(config);
        tensors.All["head2.bias"].Data[0] = bias;
        return NoteStyleNet.FromTensors(tensors, config);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void The_note_StyleNet_throws_on_a_non_finite_output_offline_and_live(float bias)
    {
        var model = Giving(bias);
        var notes = StyleNetTestData.Notes(8);
        var ex = Assert.Throws<ModelOutputException>(() => model.Predict(notes, 0.1f, StyleNetStyle.Classical, new float[notes.Length]));
        Assert.Contains("note StyleNet", ex.Message);

        var stream = model.CreateStream(Lookahead.Causal, StyleNetStyle.Classical);
        stream.NoteOn(1.0, 60, false);
        Assert.Throws<ModelOutputException>(() => stream.TryTake(1.0, out _, out _));
    }

    [Fact]
    public void A_finite_output_is_clamped_to_a_velocity_as_before()
    {
        Assert.Equal(127f, VelocityOutput.ToVelocity(3f, "m"));
        Assert.Equal(1f, VelocityOutput.ToVelocity(-3f, "m"));
        Assert.Equal(63.5f, VelocityOutput.ToVelocity(0.5f, "m"));
    }

    [Fact]
    public void The_phrase_sampler_throws_on_a_non_finite_logit_it_may_choose_and_ignores_one_it_may_not()
    {
        var sampler = new FieldSampler(4, 7);
        float[] logits = [0.5f, float.NaN, 1f, 2f];
        var ex = Assert.Throws<ModelOutputException>(() => sampler.Sample(logits, [true, true, true, true], 1f, 1f));
        Assert.Contains("phrase transformer", ex.Message);
        Assert.Throws<ModelOutputException>(() => sampler.Sample([0f, float.PositiveInfinity, 0f, 0f], [true, true, true, true], 0f, 1f));
        Assert.InRange(sampler.Sample(logits, [true, false, true, true], 1f, 1f), 0, 3);
    }
}
