using MusicGen.Live.Tensors.Autograd.Ops;

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

    /// <summary>Mean of (pred - target)² over all elements.</summary>
    public static Var MseLoss(this Tape tape, Var pred, Var target) => MseLossOp.Apply(tape, pred, target);
}
