using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Tests.Training;

/// <summary>
/// Weights trained here must run unchanged in the inference layers: after a training step, export the
/// parameters by name, load them into <see cref="Lstm"/> / <see cref="Transformer"/>, and compare outputs.
/// </summary>
public sealed class InferenceParityTests
{
    [Fact]
    public void Trained_bilstm_runs_the_same_in_the_inference_lstm()
    {
        const int B = 3, T = 7, In = 5, H = 6, Layers = 2;
        var rng = new TrainRandom(21);
        var ps = new ParameterSet();
        var lstm = new LstmModule(ps, "lstm", In, H, Layers, bidirectional: true);
        lstm.Initialize(rng);
        var tape = new Tape();
        var x = tape.Constant("x", [B, T, In]);
        rng.FillUniform(x.Values, -1, 1);
        var y = lstm.Forward(tape, x, batchFirst: true);
        Assert.Equal([B, T, 2 * H], y.Shape.ToArray());

        var config = new LstmConfig(In, H, Layers, Bidirectional: true);
        var weights = LstmWeights.Load(ps.ToNamedTensors(), "lstm.", config);
        var expected = new float[B * T * 2 * H];
        Lstm.Forward(weights, new LstmRunState(config, B, T), x.Values, expected, B, T);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], y.Data[i], 1e-5f);
        }
    }

    [Fact]
    public void Trained_decoder_runs_the_same_in_the_inference_transformer()
    {
        const int Vocab = 13, D = 16, Heads = 2, Layers = 2, T = 9;
        var rng = new TrainRandom(22);
        var ps = new ParameterSet();
        var model = new DecoderModule(ps, Vocab, D, Heads, Layers);
        model.Initialize(rng);
        var ids = Enumerable.Range(0, T).Select(_ => rng.NextInt(Vocab)).ToArray();
        var tape = new Tape();

        // One AdamW step first, so the norms are no longer the identity.
        var opt = new Tensors.Optim.Adam(ps, Tensors.Optim.AdamOptions.AdamW(1e-2f));
        tape.Backward(tape.CrossEntropy(model.Forward(tape, ids, 1, T), ids));
        opt.Step();
        tape.Reset();
        var logits = model.Forward(tape, ids, 1, T);

        var config = new TransformerConfig(Vocab, Layers, new DecoderConfig(D, Heads, 4 * D, Window: T));
        var inference = Transformer.Load(ps.ToNamedTensors(), config);
        var expected = new float[T * Vocab];
        inference.Forward(ids, expected, new TransformerRunState(config, T));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - logits.Data[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"logit {i}: inference {expected[i]}, training {logits.Data[i]}");
        }
    }
}
