using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Tests.Autograd;

/// <summary>One MSE training step of a 2-layer Bi-LSTM + Linear head against PyTorch's gradients (tools/golden_grads.py).</summary>
public sealed class BiLstmGoldenTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Gradients_match_pytorch(int threads)
    {
        var g = GoldenGrads.Load("grads_bilstm.json");
        var ps = new ParameterSet();
        var lstm = new LstmModule(ps, "lstm", g.Int("input"), g.Int("hidden"), g.Int("layers"), bidirectional: true);
        var head = new LinearModule(ps, "head", lstm.OutputSize, g.Int("output"));
        Assert.Equal(g.Params.Count, ps.Count);
        foreach (var p in ps.Parameters)
        {
            var (shape, data) = g.Params[p.Name];
            Assert.Equal(shape, p.Shape.ToArray());
            data.CopyTo(p.Data, 0);
        }

        using var pool = new WorkerPool(threads);
        var tape = new Tape(pool);
        for (var rep = 0; rep < 2; rep++)
        {
            // Twice: the second step reuses every pooled buffer and must give the same answer.
            tape.Reset();
            ps.ZeroGrad();
            var x = tape.Constant("x", g.Inputs["x"].Shape);
            g.Inputs["x"].Data.CopyTo(x.Data, 0);
            var target = tape.Constant("target", g.Inputs["target"].Shape);
            g.Inputs["target"].Data.CopyTo(target.Data, 0);
            var loss = tape.MseLoss(head.Forward(tape, lstm.Forward(tape, x)), target);
            tape.Backward(loss);
            Assert.Equal(g.Loss, loss.Data[0], 1e-5);
            foreach (var p in ps.Parameters)
            {
                GoldenGrads.AssertClose(p.Name, p.Grads, g.Grads[p.Name].Data);
            }
        }
    }
}
