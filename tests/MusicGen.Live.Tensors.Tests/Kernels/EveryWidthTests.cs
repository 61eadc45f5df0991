using System.Runtime.Intrinsics;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Autograd.Ops;
using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Tests.Kernels;

/// <summary>
/// Every hot kernel at every vector width this CPU has (Vector512, Vector256, Vector128, scalar), forced per
/// thread with <see cref="SimdWidth.Limit"/>, against its double-precision reference. Shapes are ragged so each
/// width's remainder and the scalar tail run. CI runs the kernel tests again under DOTNET_EnableAVX512=0, DOTNET_EnableAVX=0 and
/// DOTNET_EnableHWIntrinsic=0 (./run.sh test), which also reaches the TensorPrimitives-based kernels.
/// </summary>
public sealed class EveryWidthTests
{
    public static TheoryData<int> Widths() => new() { 512, 256, 128, 32 };

    private static readonly (int Rows, int Cols)[] s_shapes =
    [
        (1, 1), (3, 3), (4, 7), (5, 46), (2, 13), (17, 100), (64, 256), (9, 176), (6, 53), (46, 384), (3, 1030), (768, 64), (64, 257), (3, 4101), (7, 33), (12, 130), (1027, 64),
    ];

    [Theory]
    [MemberData(nameof(Widths))]
    public void The_cap_selects_the_width(int bits)
    {
        var hardware = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 32;
        using (SimdWidth.Limit(bits))
        {
            Assert.Equal(Math.Min(bits, hardware), SimdWidth.Bits);
        }

        Assert.Equal(hardware, SimdWidth.Bits);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void MatVec_fp32_matches_reference(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits);
        foreach (var (rows, cols) in s_shapes)
        {
            var w = Close.Random(rng, rows * cols);
            foreach (var acc in new[] { false, true })
            {
                var what = $"{SimdWidth.Describe()} {rows}x{cols} acc={acc}";
                var x = Close.Random(rng, cols);
                var e = Close.Random(rng, rows);
                var a = (float[])e.Clone();
                MatVec.Reference(w, x, e, rows, cols, acc);
                MatVec.Run(w, x, a, rows, cols, acc);
                Close.All(e, a, 1e-4f, 1e-5f * cols, "W·x " + what);

                // Strided rows: the same matrix inside a wider one.
                var ldw = cols + 3;
                var wide = new float[(rows * ldw) + 3];
                for (var r = 0; r < rows; r++)
                {
                    w.AsSpan(r * cols, cols).CopyTo(wide.AsSpan(r * ldw));
                }

                var s = new float[rows];
                MatVec.RunStrided(wide, ldw, x, s, rows, cols, accumulate: false);
                var e0 = new float[rows];
                MatVec.Reference(w, x, e0, rows, cols);
                Close.All(e0, s, 1e-4f, 1e-5f * cols, "strided W·x " + what);

                var xt = Close.Random(rng, rows);
                var et = Close.Random(rng, cols);
                var at = (float[])et.Clone();
                MatVec.ReferenceTransposed(w, xt, et, rows, cols, acc);
                MatVec.RunTransposed(w, cols, xt, at, rows, cols, acc);
                Close.All(et, at, 1e-4f, 1e-5f * rows, "Wᵀ·x " + what);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void MatVec_bf16_matches_reference(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 1);
        foreach (var (rows, cols) in s_shapes)
        {
            var w = new ushort[rows * cols];
            BFloat16.FromFloat(Close.Random(rng, rows * cols), w);
            foreach (var acc in new[] { false, true })
            {
                var what = $"{SimdWidth.Describe()} {rows}x{cols} acc={acc}";
                var x = Close.Random(rng, cols);
                var e = Close.Random(rng, rows);
                var a = (float[])e.Clone();
                MatVecBf16.Reference(w, x, e, rows, cols, acc);
                MatVecBf16.Run(w, cols, x, a, rows, cols, acc);
                Close.All(e, a, 1e-4f, 1e-5f * cols, "bf16 W·x " + what);

                var xt = Close.Random(rng, rows);
                var et = Close.Random(rng, cols);
                var at = (float[])et.Clone();
                MatVecBf16.ReferenceTransposed(w, xt, et, rows, cols, acc);
                MatVecBf16.RunTransposed(w, cols, xt, at, rows, cols, acc);
                Close.All(et, at, 1e-4f, 1e-5f * rows, "bf16 Wᵀ·x " + what);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void MatVec_int8_matches_reference(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 7);
        foreach (var (rows, cols) in s_shapes)
        {
            var q = new sbyte[rows * cols];
            var scale = new float[rows];
            MatVecInt8.Quantize(Close.Random(rng, rows * cols), rows, cols, q, scale);
            foreach (var acc in new[] { false, true })
            {
                var what = $"{SimdWidth.Describe()} {rows}x{cols} acc={acc}";
                var x = Close.Random(rng, cols);
                var e = Close.Random(rng, rows);
                var a = (float[])e.Clone();
                MatVecInt8.Reference(q, scale, x, e, rows, cols, acc);
                MatVecInt8.Run(q, scale, cols, x, a, rows, cols, acc);
                Close.All(e, a, 1e-4f, 1e-5f * cols, "int8 W·x " + what);

                // Strided rows: the same matrix inside a wider one (rows start off the 4-byte grid).
                var ldw = cols + 3;
                var wide = new sbyte[(rows * ldw) + 3];
                for (var r = 0; r < rows; r++)
                {
                    q.AsSpan(r * cols, cols).CopyTo(wide.AsSpan(r * ldw));
                }

                var s = (float[])e.Clone();
                var e2 = (float[])e.Clone();
                MatVecInt8.Run(wide, scale, ldw, x, s, rows, cols, acc);
                MatVecInt8.Reference(q, scale, x, e2, rows, cols, acc);
                Close.All(e2, s, 1e-4f, 1e-5f * cols, "strided int8 W·x " + what);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Activations_match_reference(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 2);
        (string Name, Action<float[], float[]> Fast, Action<float[], float[]> Slow)[] kernels =
        [
            ("gelu", (x, y) => Activations.Gelu(x, y), (x, y) => Activations.GeluReference(x, y)),
            ("gelu_tanh", (x, y) => Activations.GeluTanh(x, y), (x, y) => Activations.GeluTanhReference(x, y)),
            ("silu", (x, y) => Activations.Silu(x, y), (x, y) => Activations.SiluReference(x, y)),
            ("sigmoid", (x, y) => Activations.Sigmoid(x, y), (x, y) => Activations.SigmoidReference(x, y)),
            ("tanh", (x, y) => Activations.Tanh(x, y), (x, y) => Activations.TanhReference(x, y)),
            ("relu", (x, y) => Activations.Relu(x, y), (x, y) => Activations.ReluReference(x, y)),
        ];
        foreach (var (name, fast, slow) in kernels)
        {
            foreach (var n in new[] { 1, 3, 4, 7, 8, 15, 16, 17, 31, 33, 100 })
            {
                var x = Close.Random(rng, n, 8f);
                var e = new float[n];
                var a = new float[n];
                slow(x, e);
                fast(x, a);
                Close.All(e, a, 2e-5f, 2e-7f, $"{name} n={n} {SimdWidth.Describe()}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Multiply_accumulate_matches_reference(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 7);
        foreach (var n in new[] { 1, 3, 4, 7, 8, 15, 16, 17, 31, 33, 100, 1027 })
        {
            var a = Close.Random(rng, n, 4f);
            var b = Close.Random(rng, n, 4f);
            var e = Close.Random(rng, n, 4f);
            var y = (float[])e.Clone();
            MultiplyAccumulate.Reference(a, b, e);
            MultiplyAccumulate.Run(a, b, y);
            Close.All(e, y, 1e-6f, 1e-6f, $"y += a*b n={n} {SimdWidth.Describe()}");

            // y aliasing an input: y += y*b.
            var s = (float[])b.Clone();
            var es = (float[])b.Clone();
            MultiplyAccumulate.Reference(es, a, es);
            MultiplyAccumulate.Run(s, a, s);
            Close.All(es, s, 1e-6f, 1e-6f, $"y += y*a n={n} {SimdWidth.Describe()}");
        }

        Assert.Throws<ArgumentException>(() => MultiplyAccumulate.Run(new float[3], new float[4], new float[3]));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Lstm_gates_match_reference(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 3);
        foreach (var (batch, hidden) in new[] { (1, 5), (2, 13), (1, 96), (3, 70), (1, 256) })
        {
            var gates = Close.Random(rng, batch * 4 * hidden, 4f);
            var c = Close.Random(rng, batch * hidden, 2f);
            var ce = new float[c.Length];
            var he = new float[c.Length];
            var ca = new float[c.Length];
            var ha = new float[c.Length];
            LstmCell.Reference(gates, c, ce, he, batch, hidden);
            LstmCell.Run(gates, c, ca, ha, batch, hidden);
            Close.All(ce, ca, 1e-5f, 1e-6f, $"lstm c {batch}x{hidden} {SimdWidth.Describe()}");
            Close.All(he, ha, 1e-5f, 1e-6f, $"lstm h {batch}x{hidden} {SimdWidth.Describe()}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void MatMul_and_panel_gemm_match_reference(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 4);
        foreach (var (m, k, n) in new[] { (5, 300, 40), (17, 257, 31), (64, 64, 64), (9, 33, 70), (3, 46, 384) })
        {
            foreach (var options in new[] { MatMulOptions.None, MatMulOptions.TransposeB | MatMulOptions.Accumulate, MatMulOptions.TransposeA })
            {
                var a = Close.Random(rng, m * k);
                var b = Close.Random(rng, k * n);
                var e = Close.Random(rng, m * n);
                var c = (float[])e.Clone();
                MatMul.Reference(a, b, e, m, k, n, options);
                MatMul.Run(a, b, c, m, k, n, options);
                Close.All(e, c, 1e-4f, 1e-4f * MathF.Sqrt(k), $"matmul {m}x{k}x{n} {options} {SimdWidth.Describe()}");
            }

            var packed = new float[PanelGemm.PackedLength(k, n)];
            var bp = Close.Random(rng, k * n);
            PanelGemm.Pack(bp, n, transposed: false, k, n, packed);
            var ap = Close.Random(rng, m * k);
            var pe = Close.Random(rng, m * n);
            var pa = (float[])pe.Clone();
            PanelGemm.Reference(ap, k, bp, n, transposed: false, pe, n, m, k, n, accumulate: true);
            PanelGemm.Run(ap, k, packed, pa, n, m, k, n, accumulate: true);
            Close.All(pe, pa, 1e-4f, 1e-4f * MathF.Sqrt(k), $"panel gemm {m}x{k}x{n} {SimdWidth.Describe()}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Activation_gradients_match_reference(int bits)
    {
        using var cap = SimdWidth.Limit(bits);
        var rng = new Random(bits + 5);
        foreach (var kind in Enum.GetValues<Activation>())
        {
            foreach (var n in new[] { 1, 5, 8, 13, 16, 37 })
            {
                var x = Close.Random(rng, n, 5f);
                var dy = Close.Random(rng, n);
                var y = new float[n];
                ActivationOp.Forward(kind, x, y);
                var fast = Close.Random(rng, n);
                var slow = (float[])fast.Clone();
                ActivationGrad.Run(kind, x, y, dy, fast);
                ActivationGrad.Reference(kind, x, y, dy, slow);
                Close.All(slow, fast, 2e-5f, 2e-5f, $"{kind} grad n={n} {SimdWidth.Describe()}");
            }
        }
    }
}
