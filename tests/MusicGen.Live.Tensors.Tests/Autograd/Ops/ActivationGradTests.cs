using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Autograd.Ops;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Tests.Autograd.Ops;

public sealed class ActivationGradTests
{
    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Silu)]
    [InlineData(Activation.Gelu)]
    [InlineData(Activation.GeluTanh)]
    public void Simd_backward_matches_the_scalar_reference_with_ragged_tails(Activation kind)
    {
        var rng = new TrainRandom(17);
        foreach (var n in new[] { 1, 7, 8, 15, 16, 17, 33, 257 })
        {
            var x = new float[n];
            var dy = new float[n];
            rng.FillUniform(x, -5, 5);
            rng.FillUniform(dy, -1, 1);
            var y = new float[n];
            ActivationOp.Forward(kind, x, y);
            var fast = new float[n];
            var slow = new float[n];
            rng.FillUniform(fast, -1, 1);
            fast.CopyTo(slow, 0);
            ActivationGrad.Run(kind, x, y, dy, fast);
            ActivationGrad.Reference(kind, x, y, dy, slow);
            for (var i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(fast[i] - slow[i]) <= 2e-5f * (1 + Math.Abs(slow[i])), $"{kind} n={n} [{i}] x={x[i]}: {fast[i]} vs {slow[i]}");
            }
        }
    }
}
