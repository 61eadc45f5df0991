using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Tests.Kernels;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Tensors.Tests.Layers;

public sealed class LinearTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    public void Forward_is_x_times_w_transposed_plus_bias(int rows)
    {
        var rng = new Random(rows);
        var linear = Linear.Random(rng, 37, 19);
        var x = Close.Random(rng, rows * 37);
        var expected = new float[rows * 19];
        MatMul.Reference(x, linear.Weight.Data, expected, rows, 37, 19, MatMulOptions.TransposeB);
        Elementwise.AddRowBiasReference(expected, linear.Bias!.Data, rows, 19);
        var y = new float[rows * 19];
        linear.Forward(x, y, rows);
        Close.All(expected, y, 1e-5f, 1e-6f);
    }

    [Fact]
    public void Load_checks_shapes_against_the_config()
    {
        var t = new NamedTensors();
        t.Add("fc.weight", Tensor.Zeros(4, 3));
        t.Add("fc.bias", Tensor.Zeros(5));
        var ex = Assert.Throws<WeightMismatchException>(() => Linear.Load(t, "fc.", 3, 4));
        Assert.Equal("fc.bias", ex.TensorName);
    }

    [Fact]
    public void Rms_norm_layer_matches_kernel_reference_and_embedding_gathers()
    {
        var rng = new Random(4);
        var norm = new Norm(NormKind.RmsNorm, new Tensor(Close.Random(rng, 8), 8), null);
        var x = Close.Random(rng, 3 * 8);
        var expected = new float[24];
        RmsNorm.Reference(x, norm.Weight.Data, expected, 3, 8);
        var y = new float[24];
        norm.Forward(x, y, 3);
        Close.All(expected, y, 1e-5f, 1e-6f);

        var emb = Embedding.Random(rng, 10, 8);
        var e = new float[16];
        emb.Forward([7, 2], e);
        Assert.Equal(emb.Weight.Row(7).ToArray(), e[..8]);
        Assert.Equal(emb.Weight.Row(2).ToArray(), e[8..]);
    }

    [Fact]
    public void Matmul_steady_state_allocates_nothing()
    {
        var a = new float[70 * 300];
        var b = new float[300 * 90];
        var c = new float[70 * 90];
        MatMul.Run(a, b, c, 70, 300, 90, MatMulOptions.TransposeB);
        var before = GC.GetAllocatedBytesForCurrentThread();
        MatMul.Run(a, b, c, 70, 300, 90, MatMulOptions.TransposeB);
        MatMul.Run(a, b, c, 70, 300, 90, MatMulOptions.TransposeA | MatMulOptions.Accumulate);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Decode_copies_serve_one_row_calls_only_and_replace_each_other()
    {
        var rng = new Random(11);
        var linear = Linear.Random(rng, 70, 13);
        var x = Close.Random(rng, 3 * 70);
        var exact = new float[3 * 13];
        linear.Forward(x, exact, 3);
        Assert.Equal("fp32", linear.DecodeFormat);

        linear.UseInt8ForDecode();
        Assert.Equal("int8", linear.DecodeFormat);
        var one = new float[13];
        linear.Forward(x.AsSpan(0, 70), one, 1);
        var q = new sbyte[70 * 13];
        var scale = new float[13];
        MatVecInt8.Quantize(linear.Weight.Data, 13, 70, q, scale);
        var expected = new float[13];
        MatVecInt8.Reference(q, scale, x.AsSpan(0, 70), expected, 13, 70);
        Elementwise.AddRowBiasReference(expected, linear.Bias!.Data, 1, 13);
        Close.All(expected, one, 1e-5f, 1e-5f, "int8 one row");
        Close.All(exact.AsSpan(0, 13), one, 0f, 0.02f, "int8 vs float");
        var many = new float[3 * 13];
        linear.Forward(x, many, 3);
        Close.All(exact, many, 1e-5f, 1e-6f, "several rows stay float");

        linear.UseInt8ForDecode(int16Activations: true);
        Assert.Equal("int8a16", linear.DecodeFormat);
        linear.Forward(x.AsSpan(0, 70), one, 1);
        MatVecInt8.ReferenceInt16Activations(q, scale, x.AsSpan(0, 70), expected, 13, 70);
        Elementwise.AddRowBiasReference(expected, linear.Bias!.Data, 1, 13);
        Close.All(expected, one, 1e-5f, 1e-5f, "int8a16 one row");
        Close.All(exact.AsSpan(0, 13), one, 0f, 0.02f, "int8a16 vs float");
        linear.Forward(x, many, 3);
        Close.All(exact, many, 1e-5f, 1e-6f, "several rows stay float with int16 activations");

        linear.UseBFloat16ForDecode();
        Assert.Equal("bf16", linear.DecodeFormat);
        linear.Forward(x.AsSpan(0, 70), one, 1);
        var b = new ushort[70 * 13];
        BFloat16.FromFloat(linear.Weight.Data, b);
        MatVecBf16.Reference(b, x.AsSpan(0, 70), expected, 13, 70);
        Elementwise.AddRowBiasReference(expected, linear.Bias!.Data, 1, 13);
        Close.All(expected, one, 1e-5f, 1e-5f, "bf16 one row");
    }
}
