using System.Runtime.CompilerServices;
namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// Smooth L1 loss (PyTorch <c>smooth_l1_loss(reduction='mean', beta)</c>): ½d²/β where |d| &lt; β, else |d| − ½β, averaged
/// over all elements; β = 0 is the plain mean absolute error. Why beside <see cref="MseLossOp"/>: a model judged by MAE
/// does best predicting the conditional median, which an L1-type loss targets and MSE (the mean) does not. Target
/// carries no gradient.
/// </summary>
internal sealed class SmoothL1LossOp : TapeOp
{
    private Var _pred = null!;
    private Var _target = null!;
    private Var _loss = null!;
    private float _beta;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Var Apply(Tape tape, Var pred, Var target, float beta)
    {
        ShapeMismatchException.ThrowIfNot(target, pred.Shape, "smooth L1 against", pred);
        if (!(beta >= 0) || !float.IsFinite(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "smooth L1 beta must be a finite value >= 0");
        }

        var p = pred.Data;
        var q = target.Data;
        double sum = 0;
        for (var i = 0; i < pred.Length; i++)
        {
            var d = Math.Abs((double)p[i] - q[i]);
            sum += d < beta ? 0.5 * d * d / beta : d - (0.5 * beta);
        }

        var loss = tape.NewVar("smooth_l1", [], pred.RequiresGrad);
        loss.Data[0] = pred.Length > 0 ? (float)(sum / pred.Length) : 0f;
        var op = tape.Record<SmoothL1LossOp>();
        (op._pred, op._target, op._loss, op._beta) = (pred, target, loss, beta);
        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Tape tape)
    {
        if (!_pred.RequiresGrad || _pred.Length == 0)
        {
            return;
        }

        var scale = _loss.Grad[0] / _pred.Length;
        var p = _pred.Data;
        var q = _target.Data;
        var g = _pred.Grad;
        for (var i = 0; i < _pred.Length; i++)
        {
            var d = p[i] - q[i];
            g[i] += scale * (MathF.Abs(d) < _beta ? d / _beta : MathF.Sign(d));
        }
    }
}
