using System.Runtime.CompilerServices;
namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// Mean squared error (PyTorch <c>MSELoss(reduction='mean')</c>), or with a weight per element the weighted
/// mean Σ w·(p − t)² / Σ w (e.g. velocity loss only where a note starts). Target and weights carry no gradient.
/// </summary>
internal sealed class MseLossOp : TapeOp
{
    private Var _pred = null!;
    private Var _target = null!;
    private Var? _weight;
    private Var _loss = null!;
    private double _denominator;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Var Apply(Tape tape, Var pred, Var target, Var? weight)
    {
        ShapeMismatchException.ThrowIfNot(target, pred.Shape, "MSE against", pred);
        if (weight is not null)
        {
            ShapeMismatchException.ThrowIfNot(weight, pred.Shape, "MSE weights for", pred);
        }

        var p = pred.Data;
        var q = target.Data;
        double sum = 0, denominator = 0;
        for (var i = 0; i < pred.Length; i++)
        {
            var d = p[i] - q[i];
            var w = weight is null ? 1.0 : weight.Data[i];
            sum += w * d * d;
            denominator += w;
        }

        var loss = tape.NewVar("mse", [], pred.RequiresGrad);
        loss.Data[0] = denominator > 0 ? (float)(sum / denominator) : 0f;
        var op = tape.Record<MseLossOp>();
        (op._pred, op._target, op._weight, op._loss, op._denominator) = (pred, target, weight, loss, denominator);
        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Tape tape)
    {
        if (!_pred.RequiresGrad || _denominator <= 0)
        {
            return;
        }

        var scale = (float)(2.0 * _loss.Grad[0] / _denominator);
        var p = _pred.Data;
        var q = _target.Data;
        var g = _pred.Grad;
        for (var i = 0; i < _pred.Length; i++)
        {
            var w = _weight is null ? 1f : _weight.Data[i];
            g[i] += scale * w * (p[i] - q[i]);
        }
    }
}
