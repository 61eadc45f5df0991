using System.Numerics.Tensors;
using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// Fused log-softmax + NLL, mean over rows whose target is not ignored (PyTorch <c>cross_entropy</c>).
/// The forward pass already writes ∂loss/∂logits (softmax − onehot)/count; backward scales it by ∂L/∂loss.
/// </summary>
internal sealed class CrossEntropyOp : TapeOp
{
    private float[] _dlogits = [];
    private Var _logits = null!;
    private Var _loss = null!;

    public static Var Apply(Tape tape, Var logits, ReadOnlySpan<int> targets, int ignoreIndex)
    {
        var (rows, cols) = (logits.Rows, logits.Cols);
        if (targets.Length != rows)
        {
            throw new ShapeMismatchException(logits.Name, $"cross-entropy has {rows} rows of logits but {targets.Length} targets");
        }

        var op = tape.Record<CrossEntropyOp>();
        if (op._dlogits.Length < logits.Length)
        {
            op._dlogits = new float[logits.Length];
        }

        var loss = tape.NewVar("cross_entropy", [], logits.RequiresGrad);
        loss.Data[0] = LogSoftmaxNll.Run(logits.Values, targets, rows, cols, op._dlogits.AsSpan(0, logits.Length), ignoreIndex);
        (op._logits, op._loss) = (logits, loss);
        return loss;
    }

    public override void Backward(Tape tape)
    {
        if (_logits.RequiresGrad)
        {
            TensorPrimitives.MultiplyAdd(_dlogits.AsSpan(0, _logits.Length), _loss.Grad[0], _logits.Grads, _logits.Grads);
        }
    }
}
