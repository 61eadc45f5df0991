using MusicGen.Live.Tensors.Autograd.Ops;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Tests.Autograd.Ops;

public sealed class PanelGemmTests
{
    [Theory]
    [InlineData(1, 5, 3, false, false)]
    [InlineData(4, 16, 32, true, false)]
    [InlineData(7, 33, 45, false, true)]
    [InlineData(16, 128, 512, true, true)]
    [InlineData(9, 512, 128, false, true)]
    public void Packed_product_matches_the_plain_loop(int m, int k, int n, bool transposed, bool accumulate)
    {
        var rng = new TrainRandom((ulong)((m * 1000) + n));
        var lda = k + 3;
        var ldc = n + 5;
        var a = new float[m * lda];
        var b = new float[k * n];
        var c = new float[m * ldc];
        rng.FillUniform(a, -1, 1);
        rng.FillUniform(b, -1, 1);
        rng.FillUniform(c, -1, 1);
        var expected = (float[])c.Clone();
        var packed = new float[PanelGemm.PackedLength(k, n)];
        PanelGemm.Pack(b, transposed ? k : n, transposed, k, n, packed);
        PanelGemm.Run(a, lda, packed, c, ldc, m, k, n, accumulate);
        PanelGemm.Reference(a, lda, b, transposed ? k : n, transposed, expected, ldc, m, k, n, accumulate);
        for (var i = 0; i < c.Length; i++)
        {
            Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"element {i}: {c[i]} vs {expected[i]}");
        }
    }
}
