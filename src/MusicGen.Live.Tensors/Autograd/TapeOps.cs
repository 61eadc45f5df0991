using MusicGen.Live.Tensors.Autograd.Ops;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Autograd;

/// <summary>
/// The differentiable operations, as extension methods on <see cref="Tape"/>: each computes its output now
/// and records what backward needs. Shapes are checked up front; a mismatch names the tensor.
/// </summary>
public static class TapeOps
{
    /// <summary>x[..., in] · W[out, in]ᵀ + b[out].</summary>
    public static Var Linear(this Tape tape, Var x, Var weight, Var? bias) => LinearOp.Apply(tape, x, weight, bias);

    /// <summary>
    /// One LSTM layer over time-major x [T, B, In] → [T, B, dirs·H]; <paramref name="weights"/> holds
    /// W_ih, W_hh, b_ih, b_hh for the forward direction, then for the reverse one when bidirectional.
    /// </summary>
    public static Var LstmLayer(this Tape tape, Var x, Var[] weights, int hidden, bool bidirectional) =>
        LstmLayerOp.Apply(tape, x, weights, hidden, bidirectional);

    /// <summary>Causal multi-head self-attention with half-split rotary on q and k: qkv [B·T, 3d] → [B·T, d].</summary>
    public static Var CausalSelfAttention(this Tape tape, Var qkv, int batch, int seq, int heads) =>
        CausalAttentionOp.Apply(tape, qkv, batch, seq, heads);

    /// <summary>[A, B, F] → [B, A, F]: batch-first ↔ time-major.</summary>
    public static Var SwapLeadingAxes(this Tape tape, Var x) => SwapLeadingAxesOp.Apply(tape, x);

    public static Var Add(this Tape tape, Var a, Var b) => AddOp.Apply(tape, a, b);

    public static Var Multiply(this Tape tape, Var a, Var b) => MulOp.Apply(tape, a, b);

    public static Var Activate(this Tape tape, Var x, Activation kind) => ActivationOp.Apply(tape, x, kind);

    public static Var Softmax(this Tape tape, Var x) => SoftmaxOp.Apply(tape, x, log: false);

    public static Var LogSoftmax(this Tape tape, Var x) => SoftmaxOp.Apply(tape, x, log: true);

    public static Var LayerNorm(this Tape tape, Var x, Var gamma, Var beta, float eps = 1e-5f) => LayerNormOp.Apply(tape, x, gamma, beta, eps);

    public static Var RmsNorm(this Tape tape, Var x, Var weight, float eps = 1e-5f) => RmsNormOp.Apply(tape, x, weight, eps);

    /// <summary>Rows of <paramref name="table"/> [vocab, dim] for each id → [ids, dim].</summary>
    public static Var Embedding(this Tape tape, Var table, ReadOnlySpan<int> ids) => EmbeddingOp.Apply(tape, table, ids);

    public static Var Dropout(this Tape tape, Var x, float p, TrainRandom rng) => DropoutOp.Apply(tape, x, p, rng);

    public static Var Concat(this Tape tape, Var a, Var b) => ConcatOp.Apply(tape, a, b);

    public static Var Slice(this Tape tape, Var x, int start, int length) => SliceOp.Apply(tape, x, start, length);

    /// <summary>Mean of (pred - target)² over all elements, or Σ w·(pred − target)² / Σ w with per-element weights.</summary>
    public static Var MseLoss(this Tape tape, Var pred, Var target, Var? weight = null) => MseLossOp.Apply(tape, pred, target, weight);

    /// <summary>Mean smooth L1 (Huber-like) loss; <paramref name="beta"/> = 0 is the mean absolute error.</summary>
    public static Var SmoothL1Loss(this Tape tape, Var pred, Var target, float beta) => SmoothL1LossOp.Apply(tape, pred, target, beta);

    /// <summary>Mean cross-entropy of logits [N, V] against class ids (rows with <paramref name="ignoreIndex"/> skipped).</summary>
    public static Var CrossEntropy(this Tape tape, Var logits, ReadOnlySpan<int> targets, int ignoreIndex = LogSoftmaxNll.DefaultIgnoreIndex) =>
        CrossEntropyOp.Apply(tape, logits, targets, ignoreIndex);
}
