using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Tests.Autograd;

/// <summary>
/// One cross-entropy training step of a 2-block pre-norm transformer with half-split rotary attention
/// against PyTorch's gradients (tools/golden_grads.py).
/// </summary>
public sealed class TransformerGoldenTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Gradients_match_pytorch(int threads)
    {
        var g = GoldenGrads.Load("grads_transformer.json");
        var ps = new ParameterSet();
        var model = new DecoderModule(ps, g.Int("vocab"), g.Int("d"), g.Int("heads"), g.Int("layers"));
        Assert.Equal(g.Params.Count, ps.Count);
        foreach (var p in ps.Parameters)
        {
            var (shape, data) = g.Params[p.Name];
            Assert.Equal(shape, p.Shape.ToArray());
            data.CopyTo(p.Data, 0);
        }

        var (batch, seq) = (g.Int("batch"), g.Int("seq"));
        var ids = g.Inputs["ids"].Data.Select(v => (int)v).ToArray();
        var targets = g.Inputs["targets"].Data.Select(v => (int)v).ToArray();
        using var pool = new WorkerPool(threads);
        var tape = new Tape(pool);
        for (var rep = 0; rep < 2; rep++)
        {
            tape.Reset();
            ps.ZeroGrad();
            var loss = tape.CrossEntropy(model.Forward(tape, ids, batch, seq), targets);
            tape.Backward(loss);
            Assert.Equal(g.Loss, loss.Data[0], 1e-5);
            foreach (var p in ps.Parameters)
            {
                GoldenGrads.AssertClose(p.Name, p.Grads, g.Grads[p.Name].Data);
            }
        }
    }
}
