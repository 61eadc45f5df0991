using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Tests.Kernels;

public sealed class MatMulTests
{
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 }, { 1, 7, 5 }, { 3, 17, 33 }, { 5, 300, 40 }, { 8, 32, 32 }, { 9, 33, 65 },
        { 17, 257, 31 }, { 64, 64, 64 }, { 100, 19, 513 }, { 97, 600, 70 }, { 2, 256, 1000 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fast_path_matches_reference_for_every_layout(int m, int k, int n)
    {
        var rng = new Random((m * 1000) + (k * 10) + n);
        foreach (var ta in new[] { false, true })
        {
            foreach (var tb in new[] { false, true })
            {
                foreach (var acc in new[] { false, true })
                {
                    var options = (ta ? MatMulOptions.TransposeA : 0) | (tb ? MatMulOptions.TransposeB : 0) | (acc ? MatMulOptions.Accumulate : 0);
                    var a = Close.Random(rng, m * k);
                    var b = Close.Random(rng, k * n);
                    var c0 = Close.Random(rng, m * n);
                    var expected = (float[])c0.Clone();
                    var actual = (float[])c0.Clone();
                    MatMul.Reference(a, b, expected, m, k, n, options);
                    MatMul.Run(a, b, actual, m, k, n, options);
                    Close.All(expected, actual, 1e-4f, 1e-4f * MathF.Sqrt(k), $"{m}x{k}x{n} {options}");
                }
            }
        }
    }

    [Theory]
    [InlineData(8, 32)]
    [InlineData(6, 16)]
    [InlineData(6, 8)]
    [InlineData(4, 4)]
    public void Every_register_tile_matches_reference(int mr, int nr)
    {
        var rng = new Random(mr);
        foreach (var (m, k, n) in new[] { (1, 1, 1), (7, 300, 33), (100, 37, 70), (13, 513, 17) })
        {
            foreach (var options in new[] { MatMulOptions.None, MatMulOptions.TransposeA | MatMulOptions.Accumulate, MatMulOptions.TransposeB })
            {
                var a = Close.Random(rng, m * k);
                var b = Close.Random(rng, k * n);
                var expected = Close.Random(rng, m * n);
                var actual = (float[])expected.Clone();
                MatMul.Reference(a, b, expected, m, k, n, options);
                MatMul.RunBlockedWithTile(a, b, actual, m, k, n, options, mr, nr);
                Close.All(expected, actual, 1e-4f, 1e-4f * MathF.Sqrt(k), $"{mr}x{nr} tile, {m}x{k}x{n} {options}");
            }
        }
    }

    [Fact]
    public void Strided_operands_address_sub_blocks()
    {
        var rng = new Random(5);
        int m = 13, k = 21, n = 37, lda = 30, ldb = 50, ldc = 41;
        var a = Close.Random(rng, m * lda);
        var b = Close.Random(rng, k * ldb);
        var expected = Close.Random(rng, m * ldc);
        var actual = (float[])expected.Clone();
        MatMul.Reference(a, lda, b, ldb, expected, ldc, m, k, n, MatMulOptions.None);
        MatMul.RunStrided(a, lda, b, ldb, actual, ldc, m, k, n, MatMulOptions.None);
        Close.All(expected, actual, 1e-4f, 1e-4f);
    }

    [Fact]
    public void Too_short_operand_is_rejected_with_its_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => MatMul.Run(new float[5], new float[6], new float[4], 2, 3, 2));
        Assert.Contains("A", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batched_matches_reference()
    {
        var rng = new Random(9);
        int batch = 3, m = 11, k = 16, n = 29;
        var a = Close.Random(rng, batch * m * k);
        var b = Close.Random(rng, batch * k * n);
        var expected = new float[batch * m * n];
        var actual = new float[batch * m * n];
        BatchedMatMul.Reference(a, b, expected, batch, m, k, n, MatMulOptions.TransposeB);
        BatchedMatMul.Run(a, b, actual, batch, m, k, n, MatMulOptions.TransposeB);
        Close.All(expected, actual, 1e-4f, 1e-4f);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 17)]
    [InlineData(64, 256)]
    [InlineData(31, 70)]
    public void MatVec_matches_reference(int rows, int cols)
    {
        var rng = new Random(rows + cols);
        var w = Close.Random(rng, rows * cols);
        var x = Close.Random(rng, cols);
        foreach (var acc in new[] { false, true })
        {
            var y0 = Close.Random(rng, rows);
            var expected = (float[])y0.Clone();
            var actual = (float[])y0.Clone();
            MatVec.Reference(w, x, expected, rows, cols, acc);
            MatVec.Run(w, x, actual, rows, cols, acc);
            Close.All(expected, actual, 1e-4f, 1e-4f);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 13)]
    [InlineData(100, 64)]
    [InlineData(33, 200)]
    [InlineData(5, 87)]
    public void MatVec_transposed_matches_reference(int rows, int cols)
    {
        var rng = new Random(rows * cols);
        var w = Close.Random(rng, rows * cols);
        var x = Close.Random(rng, rows);
        foreach (var acc in new[] { false, true })
        {
            var y0 = Close.Random(rng, cols);
            var expected = (float[])y0.Clone();
            var actual = (float[])y0.Clone();
            MatVec.ReferenceTransposed(w, x, expected, rows, cols, acc);
            MatVec.RunTransposed(w, cols, x, actual, rows, cols, acc);
            Close.All(expected, actual, 1e-4f, 1e-4f);
        }
    }
}
