using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Tests.Kernels;

public sealed class PointwiseTests
{
    private delegate void Kernel(ReadOnlySpan<float> x, Span<float> y);

    public static TheoryData<string> Names() => new() { "gelu", "gelu_tanh", "silu", "sigmoid", "tanh", "relu" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Activation_matches_reference_on_ragged_lengths(string name)
    {
        (Kernel fast, Kernel reference) = name switch
        {
            "gelu" => ((Kernel)Activations.Gelu, (Kernel)Activations.GeluReference),
            "gelu_tanh" => (Activations.GeluTanh, Activations.GeluTanhReference),
            "silu" => (Activations.Silu, Activations.SiluReference),
            "sigmoid" => (Activations.Sigmoid, Activations.SigmoidReference),
            "tanh" => (Activations.Tanh, Activations.TanhReference),
            _ => (Activations.Relu, Activations.ReluReference),
        };
        var rng = new Random(name.Length);
        foreach (var n in new[] { 1, 7, 8, 15, 16, 17, 31, 33, 100, 1000 })
        {
            var x = Close.Random(rng, n, 8f);
            x[0] = n == 1 ? 1e-5f : -1e-4f; // near zero: relative precision matters for tanh/gelu
            var expected = new float[n];
            var actual = new float[n];
            reference(x, expected);
            fast(x, actual);
            Close.All(expected, actual, 2e-5f, 2e-7f, $"{name} n={n}");
        }
    }

    [Fact]
    public void Activations_saturate_without_nan()
    {
        float[] x = [-1000f, -90f, 90f, 1000f, float.MaxValue, -float.MaxValue];
        var y = new float[x.Length];
        foreach (Kernel k in new Kernel[] { Activations.Gelu, Activations.GeluTanh, Activations.Silu, Activations.Sigmoid, Activations.Tanh })
        {
            k(x, y);
            Assert.All(y, v => Assert.False(float.IsNaN(v)));
        }
    }

    [Fact]
    public void Vector_exp_matches_double_exp_across_the_range()
    {
        var rng = new Random(17);
        for (var i = 0; i < 2000; i++)
        {
            var x = (float)((rng.NextDouble() * 170) - 85);
            var expected = Math.Exp(x);
            var v512 = System.Runtime.Intrinsics.Vector512.ToScalar(VectorMath.Exp(System.Runtime.Intrinsics.Vector512.Create(x)));
            var v256 = System.Runtime.Intrinsics.Vector256.ToScalar(VectorMath.Exp(System.Runtime.Intrinsics.Vector256.Create(x)));
            Assert.True(Math.Abs(v512 - expected) <= 3e-7 * expected, $"exp({x}) = {expected}, Vector512 gave {v512}");
            Assert.True(Math.Abs(v256 - expected) <= 3e-7 * expected, $"exp({x}) = {expected}, Vector256 gave {v256}");
            var v128 = System.Runtime.Intrinsics.Vector128.ToScalar(VectorMath.Exp(System.Runtime.Intrinsics.Vector128.Create(x)));
            Assert.True(Math.Abs(v128 - expected) <= 3e-7 * expected, $"exp({x}) = {expected}, Vector128 gave {v128}");
        }
    }

    [Fact]
    public void Reference_erf_matches_known_values()
    {
        // Known values of erf (Abramowitz & Stegun table 7.1).
        Assert.Equal(0.5204998778, ReferenceMath.Erf(0.5), 9);
        Assert.Equal(0.9953222650, ReferenceMath.Erf(2.0), 9);
        Assert.Equal(-0.9999779095, ReferenceMath.Erf(-3.0), 9);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 17)]
    [InlineData(5, 64)]
    [InlineData(2, 1000)]
    public void Softmax_and_norms_match_reference(int rows, int cols)
    {
        var rng = new Random(rows * cols);
        var x = Close.Random(rng, rows * cols, 5f);
        x[0] = 80f; // would overflow exp without max subtraction
        var g = Close.Random(rng, cols);
        var b = Close.Random(rng, cols);
        var e = new float[rows * cols];
        var a = new float[rows * cols];

        Softmax.Reference(x, e, rows, cols);
        Softmax.Run(x, a, rows, cols);
        Close.All(e, a, 1e-5f, 1e-7f, "softmax");

        LayerNorm.Reference(x, g, b, e, rows, cols);
        LayerNorm.Run(x, g, b, a, rows, cols);
        Close.All(e, a, 1e-4f, 1e-5f, "layernorm");

        RmsNorm.Reference(x, g, e, rows, cols);
        RmsNorm.Run(x, g, a, rows, cols);
        Close.All(e, a, 1e-4f, 1e-6f, "rmsnorm");
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(7, 13)]
    [InlineData(16, 300)]
    public void LogSoftmaxNll_matches_reference_with_gradient_and_ignored_rows(int rows, int cols)
    {
        var rng = new Random(rows + cols);
        var logits = Close.Random(rng, rows * cols, 4f);
        var targets = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            targets[r] = r % 5 == 3 ? LogSoftmaxNll.DefaultIgnoreIndex : rng.Next(cols);
        }

        var ge = new float[rows * cols];
        var ga = new float[rows * cols];
        var le = LogSoftmaxNll.Reference(logits, targets, rows, cols, ge);
        var la = LogSoftmaxNll.Run(logits, targets, rows, cols, ga);
        var lNoGrad = LogSoftmaxNll.Run(logits, targets, rows, cols);
        Assert.Equal(le, la, 1e-4f * Math.Abs(le));
        Assert.Equal(le, lNoGrad, 1e-4f * Math.Abs(le));
        Close.All(ge, ga, 1e-4f, 1e-7f);
    }

    [Fact]
    public void LogSoftmaxNll_rejects_target_out_of_range_naming_row()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LogSoftmaxNll.Run(new float[6], new[] { 0, 3 }, 2, 3));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 32)]
    [InlineData(1, 256)]
    [InlineData(2, 41)]
    public void LstmCell_matches_reference_and_allows_in_place_state(int batch, int hidden)
    {
        var rng = new Random(batch * hidden);
        var gates = Close.Random(rng, batch * 4 * hidden, 4f);
        var c = Close.Random(rng, batch * hidden, 2f);
        var ce = new float[batch * hidden];
        var he = new float[batch * hidden];
        LstmCell.Reference(gates, c, ce, he, batch, hidden);
        var ca = (float[])c.Clone();
        var ha = new float[batch * hidden];
        var saved = new float[batch * 4 * hidden];
        LstmCell.Run(gates, ca, ca, ha, batch, hidden, saved);
        Close.All(ce, ca, 1e-5f, 1e-6f, "c");
        Close.All(he, ha, 1e-5f, 1e-6f, "h");
        var expectedSig = new float[1];
        Activations.SigmoidReference(gates.AsSpan(hidden, 1), expectedSig);
        Assert.Equal(expectedSig[0], saved[hidden], 1e-5f);
    }

    [Fact]
    public void Embedding_gathers_rows_and_names_bad_ids()
    {
        var table = Close.Random(new Random(1), 10 * 6);
        int[] ids = [3, 0, 9, 3];
        var e = new float[ids.Length * 6];
        var a = new float[ids.Length * 6];
        EmbeddingGather.Reference(table, 6, ids, e);
        EmbeddingGather.Run(table, 6, ids, a);
        Assert.Equal(e, a);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingGather.Run(table, 6, [1, 10], a));
        Assert.Contains("position 1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 2, 0)]
    [InlineData(4, 64, 1)]
    [InlineData(3, 16, 777)]
    public void Rotary_tables_match_direct_angles(int heads, int headDim, int position)
    {
        var x = Close.Random(new Random(heads), heads * headDim);
        var expected = (float[])x.Clone();
        Rotary.Reference(expected, heads, headDim, position);
        var half = headDim / 2;
        var cos = new float[(position + 1) * half];
        var sin = new float[(position + 1) * half];
        Rotary.Table(cos, sin, position + 1, headDim);
        Rotary.Apply(x, heads, headDim, cos.AsSpan(position * half, half), sin.AsSpan(position * half, half));
        Close.All(expected, x, 1e-5f, 1e-5f);
    }

    [Fact]
    public void Elementwise_matches_reference()
    {
        var rng = new Random(3);
        var a = Close.Random(rng, 37);
        var b = Close.Random(rng, 37);
        var e = new float[37];
        var y = new float[37];
        Elementwise.AddReference(a, b, e);
        Elementwise.Add(a, b, y);
        Close.All(e, y);
        Elementwise.MultiplyReference(a, b, e);
        Elementwise.Multiply(a, b, y);
        Close.All(e, y);
        Elementwise.SubtractReference(a, b, e);
        Elementwise.Subtract(a, b, y);
        Close.All(e, y);
        var m = Close.Random(rng, 5 * 7);
        var me = (float[])m.Clone();
        Elementwise.AddRowBiasReference(me, b.AsSpan(0, 7), 5, 7);
        Elementwise.AddRowBias(m, b.AsSpan(0, 7), 5, 7);
        Close.All(me, m);
        var se = new float[7];
        var sa = new float[7];
        Elementwise.SumRowsReference(m, se, 5, 7);
        Elementwise.SumRows(m, sa, 5, 7);
        Close.All(se, sa);
    }
}
