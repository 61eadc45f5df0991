using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Tests.Kernels;

public sealed class BFloat16Tests
{
    [Fact]
    public void Conversion_rounds_to_nearest_even_and_keeps_specials()
    {
        Assert.Equal(1f, BFloat16.ToFloat(BFloat16.FromFloat(1f)));
        Assert.Equal(-2.25f, BFloat16.ToFloat(BFloat16.FromFloat(-2.25f)));
        Assert.True(float.IsNaN(BFloat16.ToFloat(BFloat16.FromFloat(float.NaN))));
        Assert.Equal(float.PositiveInfinity, BFloat16.ToFloat(BFloat16.FromFloat(float.PositiveInfinity)));
        var rng = new Random(1);
        for (var i = 0; i < 1000; i++)
        {
            var v = (float)((rng.NextDouble() * 200) - 100);
            var r = BFloat16.ToFloat(BFloat16.FromFloat(v));
            Assert.True(Math.Abs(r - v) <= Math.Abs(v) / 256f, $"{v} → {r}");
        }
    }

    private static ushort[] Compact(float[] x)
    {
        var c = new ushort[x.Length];
        BFloat16.FromFloat(x, c);
        return c;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 31)]
    [InlineData(8, 32)]
    [InlineData(17, 100)]
    [InlineData(64, 256)]
    [InlineData(5, 1030)]
    [InlineData(9, 176)]
    [InlineData(6, 53)]
    public void MatVec_bf16_matches_reference(int rows, int cols)
    {
        var rng = new Random(rows * cols);
        var w = Compact(Close.Random(rng, rows * cols));
        foreach (var acc in new[] { false, true })
        {
            var x = Close.Random(rng, cols);
            var y0 = Close.Random(rng, rows);
            var e = (float[])y0.Clone();
            var a = (float[])y0.Clone();
            MatVecBf16.Reference(w, x, e, rows, cols, acc);
            MatVecBf16.Run(w, cols, x, a, rows, cols, acc);
            Close.All(e, a, 1e-4f, 1e-4f, "W·x");

            var xt = Close.Random(rng, rows);
            var yt0 = Close.Random(rng, cols);
            var et = (float[])yt0.Clone();
            var at = (float[])yt0.Clone();
            MatVecBf16.ReferenceTransposed(w, xt, et, rows, cols, acc);
            MatVecBf16.RunTransposed(w, cols, xt, at, rows, cols, acc);
            Close.All(et, at, 1e-4f, 1e-4f, "Wᵀ·x");
        }
    }
}
