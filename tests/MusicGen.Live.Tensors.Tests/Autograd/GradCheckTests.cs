using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Tests.Autograd;

/// <summary>Finite-difference gradient checks, one per op (and per code path of the fused ops).</summary>
public sealed class GradCheckTests
{
    private readonly TrainRandom _rng = new(11);

    [Fact]
    public void Linear()
    {
        var x = GradCheck.Param("x", [2, 3, 5], _rng);
        var w = GradCheck.Param("w", [4, 5], _rng);
        var b = GradCheck.Param("b", [4], _rng);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.Linear(x, w, b), 1), [x, w, b]);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 4)]
    public void Lstm_two_layers(bool bidirectional, int threads)
    {
        // Two stacked layers, so the input gradient of the second layer is checked through the first.
        const int T = 5, B = 8, In = 3, H = 4;
        var dirs = bidirectional ? 2 : 1;
        var x = GradCheck.Param("x", [T, B, In], _rng);
        var w1 = Weights("l0", In, H, dirs);
        var w2 = Weights("l1", dirs * H, H, dirs);
        using var pool = new WorkerPool(threads);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.LstmLayer(t.LstmLayer(x, w1, H, bidirectional), w2, H, bidirectional), 2), [x, .. w1, .. w2], pool, samples: 10);
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Silu)]
    [InlineData(Activation.Gelu)]
    [InlineData(Activation.GeluTanh)]
    public void Activations(Activation kind)
    {
        var x = GradCheck.Param("x", [3, 7], _rng, 2f);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.Activate(x, kind), 3), [x], eps: 3e-3f);
    }

    [Fact]
    public void Add_and_multiply()
    {
        var a = GradCheck.Param("a", [4, 3], _rng);
        var b = GradCheck.Param("b", [4, 3], _rng);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.Multiply(t.Add(a, b), b), 4), [a, b]);
    }

    [Fact]
    public void Softmax_and_log_softmax()
    {
        var x = GradCheck.Param("x", [3, 6], _rng, 2f);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.Softmax(x), 5), [x]);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.LogSoftmax(x), 6), [x]);
    }

    [Fact]
    public void Cross_entropy_with_an_ignored_row()
    {
        var x = GradCheck.Param("logits", [5, 7], _rng, 2f);
        int[] targets = [3, 0, -100, 6, 1];
        GradCheck.Run(t => t.CrossEntropy(x, targets), [x]);
    }

    [Fact]
    public void Embedding_with_repeated_ids()
    {
        var table = GradCheck.Param("table", [6, 4], _rng);
        int[] ids = [2, 5, 2, 0];
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.Embedding(table, ids), 7), [table]);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(200, 3)]
    public void Layer_norm(int rows, int threads)
    {
        // 200 rows on 3 threads: split into row slices whose dγ, dβ partial sums are added afterwards.
        var x = GradCheck.Param("x", [rows, 8], _rng, 2f);
        var g = GradCheck.Param("gamma", [8], _rng);
        var b = GradCheck.Param("beta", [8], _rng);
        using var pool = new WorkerPool(threads);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.LayerNorm(x, g, b), 8), [x, g, b], pool);
    }

    [Fact]
    public void Rms_norm()
    {
        var x = GradCheck.Param("x", [3, 8], _rng, 2f);
        var w = GradCheck.Param("w", [8], _rng);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.RmsNorm(x, w), 9), [x, w]);
    }

    [Fact]
    public void Dropout_with_a_fixed_seed()
    {
        var x = GradCheck.Param("x", [4, 9], _rng);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.Dropout(x, 0.3f, new TrainRandom(3)), 10), [x]);
    }

    [Fact]
    public void Swap_leading_axes()
    {
        var x = GradCheck.Param("x", [2, 3, 4], _rng);
        var w = GradCheck.Param("w", [4, 4], _rng);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.SwapLeadingAxes(t.Linear(t.SwapLeadingAxes(x), w, null)), 14), [x, w]);
    }

    [Fact]
    public void Concat_and_slice()
    {
        var a = GradCheck.Param("a", [3, 2], _rng);
        var b = GradCheck.Param("b", [3, 5], _rng);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.Slice(t.Concat(a, b), 1, 4), 11), [a, b]);
    }

    [Theory]
    [InlineData(1, 1, 9)]
    [InlineData(2, 2, 70)]
    public void Causal_rotary_attention(int batch, int threads, int seq)
    {
        // seq 70 spans two 64-row blocks, so the block edges of the causal products are checked too.
        const int Heads = 2, Hd = 4, D = Heads * Hd;
        var qkv = GradCheck.Param("qkv", [batch * seq, 3 * D], _rng);
        using var pool = new WorkerPool(threads);
        GradCheck.Run(t => GradCheck.MseAgainst(t, t.CausalSelfAttention(qkv, batch, seq, Heads), 12), [qkv], pool, samples: 60);
    }

    private Var[] Weights(string name, int inF, int h, int dirs)
    {
        var w = new Var[4 * dirs];
        for (var d = 0; d < dirs; d++)
        {
            w[4 * d] = GradCheck.Param($"{name}.w_ih{d}", [4 * h, inF], _rng, 0.7f);
            w[(4 * d) + 1] = GradCheck.Param($"{name}.w_hh{d}", [4 * h, h], _rng, 0.7f);
            w[(4 * d) + 2] = GradCheck.Param($"{name}.b_ih{d}", [4 * h], _rng, 0.5f);
            w[(4 * d) + 3] = GradCheck.Param($"{name}.b_hh{d}", [4 * h], _rng, 0.5f);
        }

        return w;
    }

    [Fact]
    public void Mse()
    {
        var p = GradCheck.Param("p", [2, 5], _rng);
        GradCheck.Run(t => GradCheck.MseAgainst(t, p, 13), [p]);
    }

    [Fact]
    public void Weighted_mse_ignores_zero_weight_elements()
    {
        var p = GradCheck.Param("p", [2, 5], _rng);
        Var Loss(Tape t)
        {
            var target = t.Constant("target", [2, 5]);
            new TrainRandom(3).FillUniform(target.Values, -1, 1);
            var w = t.Constant("w", [2, 5]);
            float[] mask = [1, 0, 2, 0, 1, 0.5f, 0, 1, 1, 0];
            mask.CopyTo(w.Data, 0);
            return t.MseLoss(p, target, w);
        }

        GradCheck.Run(Loss, [p]);
        Assert.Equal(0f, p.Grad[1]);
        Assert.Equal(0f, p.Grad[9]);
    }

    [Fact]
    public void Smooth_l1()
    {
        var p = GradCheck.Param("p", [2, 5], _rng);
        Var Loss(Tape t)
        {
            var target = t.Constant("target", [2, 5]);
            new TrainRandom(5).FillUniform(target.Values, -1, 1);
            return t.SmoothL1Loss(p, target, 0.5f);
        }

        GradCheck.Run(Loss, [p]);
    }

    [Fact]
    public void Smooth_l1_matches_its_definition_and_zero_beta_is_the_mean_absolute_error()
    {
        var p = new Var("p", [4], requiresGrad: true);
        float[] pred = [0.1f, 1.0f, -2.0f, 0.5f];
        pred.CopyTo(p.Data, 0);
        Var Loss(Tape tape, float beta)
        {
            var target = tape.Constant("target", [4]);
            float[] y = [0f, 0f, 0f, 0.5f];
            y.CopyTo(target.Data, 0);
            return tape.SmoothL1Loss(p, target, beta);
        }

        // β = 0.5: |d| = 0.1 → ½·0.01/0.5 = 0.01; 1.0 → 0.75; 2.0 → 1.75; 0 → 0. Mean 0.6275.
        var tape = new Tape();
        var smooth = Loss(tape, 0.5f);
        Assert.Equal(0.6275f, smooth.Data[0], 5);
        tape.Backward(smooth);
        AssertGrads(p, [0.2f / 4, 1f / 4, -1f / 4, 0f]);

        tape.Reset();
        p.ZeroGrad();
        var l1 = Loss(tape, 0f);
        Assert.Equal((0.1f + 1f + 2f) / 4, l1.Data[0], 5);
        tape.Backward(l1);
        AssertGrads(p, [0.25f, 0.25f, -0.25f, 0f]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss(tape, -1f));
    }

    private static void AssertGrads(Var v, float[] expected)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], v.Grads[i], 5);
        }
    }
}
