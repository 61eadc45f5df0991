using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Tests.Kernels;

public sealed class Int8Tests
{
    [Fact]
    public void Quantize_keeps_each_weight_within_half_a_step_of_its_row()
    {
        var rng = new Random(3);
        const int rows = 9, cols = 70;
        var w = Close.Random(rng, rows * cols, 3f);
        w.AsSpan(2 * cols, cols).Clear(); // an all-zero row
        w[(4 * cols) + 5] = -40f; // one large weight: its row's step grows, the others' do not
        var q = new sbyte[rows * cols];
        var scale = new float[rows];
        MatVecInt8.Quantize(w, rows, cols, q, scale);
        var back = MatVecInt8.Dequantize(q, scale, rows, cols);
        Assert.Equal(0f, scale[2]);
        Assert.Equal(40f / 127f, scale[4], 6);
        Assert.Equal(-127, q[(4 * cols) + 5]);
        for (var r = 0; r < rows; r++)
        {
            var max = 0f;
            for (var c = 0; c < cols; c++)
            {
                max = Math.Max(max, Math.Abs(w[(r * cols) + c]));
                Assert.InRange(q[(r * cols) + c], -127, 127);
                Assert.True(Math.Abs(back[(r * cols) + c] - w[(r * cols) + c]) <= (scale[r] * 0.5f) + 1e-6f, $"row {r} col {c}: {w[(r * cols) + c]} → {back[(r * cols) + c]}");
            }

            Assert.Equal(max / 127f, scale[r], 6);
        }
    }

    [Fact]
    public void Quantize_refuses_a_nan_weight_naming_its_row()
    {
        var w = new float[12];
        w[7] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => MatVecInt8.Quantize(w, 3, 4, new sbyte[12], new float[3]));
        Assert.Contains("row 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_a_nan_gets_a_nan_scale_so_what_reads_it_sees_nan()
    {
        var q = new sbyte[] { 1, 2, 3, 4 };
        Assert.True(float.IsNaN(MatVecInt8.QuantizeRow([0.5f, float.PositiveInfinity, 1f, 2f], q)));
        Assert.All(q, v => Assert.Equal(0, v));
        var y = new float[1];
        MatVecInt8.Run(q, [float.NaN], 4, [1f, 1f, 1f, 1f], y, 1, 4);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(2f / 127f, MatVecInt8.QuantizeRow([0.5f, -2f, 1f, 0f], q), 6);
        Assert.Equal(new sbyte[] { 32, -127, 64, 0 }, q);
    }

    [Fact]
    public void Run_refuses_short_buffers()
    {
        var q = new sbyte[12];
        Assert.Throws<ArgumentException>(() => MatVecInt8.Run(q, new float[2], 4, new float[4], new float[3], 3, 4));
        Assert.Throws<ArgumentException>(() => MatVecInt8.Run(q, new float[3], 4, new float[3], new float[3], 3, 4));
        Assert.Throws<ArgumentException>(() => MatVecInt8.Run(q, new float[3], 5, new float[4], new float[3], 3, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatVecInt8.Run(q, new float[3], 3, new float[4], new float[3], 3, 4));
    }

    [Fact]
    public void Run_is_close_to_the_float_product()
    {
        // What int8 costs against float weights: bounded by half a step per weight, summed over a row.
        var rng = new Random(5);
        const int rows = 64, cols = 256;
        var w = Close.Random(rng, rows * cols);
        var x = Close.Random(rng, cols);
        var q = new sbyte[rows * cols];
        var scale = new float[rows];
        MatVecInt8.Quantize(w, rows, cols, q, scale);
        var exact = new float[rows];
        var approx = new float[rows];
        MatVec.Reference(w, x, exact, rows, cols);
        MatVecInt8.Run(q, scale, cols, x, approx, rows, cols);
        var xSum = x.Sum(Math.Abs);
        for (var r = 0; r < rows; r++)
        {
            Assert.True(Math.Abs(exact[r] - approx[r]) <= (scale[r] * 0.5f * xSum) + 1e-4f, $"row {r}: {exact[r]} vs {approx[r]}");
        }
    }
}
