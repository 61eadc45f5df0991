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

    [Fact]
    public void Int16_activations_stay_close_to_the_float_product()
    {
        // What int8 weights and int16 activations cost against float: half a weight step per weight over Σ|x|, plus
        // half an activation step (max|x| / 16383 / 2) per column over the row's quantized weights.
        var rng = new Random(7);
        foreach (var (rows, cols) in new[] { (64, 256), (33, 1024), (5, 1500) })
        {
            var w = Close.Random(rng, rows * cols);
            var x = Close.Random(rng, cols, 4f);
            x[cols / 3] = 40f; // an outlier: it sets the activation step for all
            var q = new sbyte[rows * cols];
            var scale = new float[rows];
            MatVecInt8.Quantize(w, rows, cols, q, scale);
            var exact = new float[rows];
            var approx = new float[rows];
            MatVec.Reference(w, x, exact, rows, cols);
            MatVecInt8.RunInt16Activations(q, scale, cols, x, approx, rows, cols);
            var xSum = x.Sum(Math.Abs);
            var xStep = 40f / MatVecInt8.ActivationLimit;
            for (var r = 0; r < rows; r++)
            {
                var wSum = 0f;
                for (var c = 0; c < cols; c++)
                {
                    wSum += Math.Abs(q[(r * cols) + c] * scale[r]);
                }

                var bound = (scale[r] * 0.5f * xSum) + (xStep * 0.5f * wSum) + 1e-4f;
                Assert.True(Math.Abs(exact[r] - approx[r]) <= bound, $"{rows}x{cols} row {r}: {exact[r]} vs {approx[r]} (bound {bound})");
            }
        }
    }

    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(128)]
    [InlineData(32)]
    public void Int16_activations_never_overflow_int32(int bits)
    {
        // Adversarial: every weight at the int8 extreme (127, and −128 which no quantizer makes but Run accepts) and
        // every activation at the int16 limit, over one block exactly (1024 columns, the most the int32 sums see) and
        // over several blocks. A wrap would flip the sign or lose 2³² from the sum; the exact sum is checked.
        using var cap = SimdWidth.Limit(bits);
        foreach (var cols in new[] { 1023, 1024, 1025, 2048, 4101 })
        {
            foreach (var (weight, xValue) in new[] { ((sbyte)127, 1f), ((sbyte)-128, 1f), ((sbyte)127, -1f), ((sbyte)-128, -1f) })
            {
                const int rows = 5;
                var q = new sbyte[rows * cols];
                q.AsSpan().Fill(weight);
                var scale = new float[rows];
                scale.AsSpan().Fill(1f);
                var x = new float[cols];
                x.AsSpan().Fill(xValue);
                var y = new float[rows];
                MatVecInt8.RunInt16Activations(q, scale, cols, x, y, rows, cols);

                // x = ±1 everywhere quantizes to ±16383 with scale 1/16383: y = Σ weight·(±1) exactly, up to float rounding.
                var want = (double)weight * xValue * cols;
                foreach (var v in y)
                {
                    Assert.True(Math.Abs(v - want) <= 1e-5 * Math.Abs(want), $"{SimdWidth.Describe()} cols {cols} w {weight} x {xValue}: {v} vs {want}");
                }
            }
        }
    }

    [Fact]
    public void Int16_activations_turn_a_non_finite_x_into_nan_rows()
    {
        var q = new sbyte[3 * 20];
        q.AsSpan().Fill(5);
        var scale = new[] { 0.1f, 0.2f, 0.3f };
        foreach (var bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var x = new float[20];
            x.AsSpan().Fill(0.5f);
            x[13] = bad;
            var y = new float[3];
            MatVecInt8.RunInt16Activations(q, scale, 20, x, y, 3, 20);
            Assert.All(y, v => Assert.True(float.IsNaN(v), $"x holding {bad} gave {v}"));
        }

        // An all-zero x has scale 0 and gives exact zeros, not NaN.
        var zeros = new float[3] { 9f, 9f, 9f };
        MatVecInt8.RunInt16Activations(q, scale, 20, new float[20], zeros, 3, 20);
        Assert.All(zeros, v => Assert.Equal(0f, v));
    }
}
