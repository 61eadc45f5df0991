namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>Mean squared error over all elements (PyTorch <c>MSELoss(reduction='mean')</c>); target carries no gradient.</summary>
internal sealed class MseLossOp : TapeOp
{
    private Var _pred = null!;
    private Var _target = null!;
    private Var _loss = null!;

    public static Var Apply(Tape tape, Var pred, Var target)
    {
        ShapeMismatchException.ThrowIfNot(target, pred.Shape, "MSE against", pred);
        var p = pred.Data;
        var q = target.Data;
        double sum = 0;
        for (var i = 0; i < pred.Length; i++)
        {
            var d = p[i] - q[i];
            sum += d * d;
        }

        var loss = tape.NewVar("mse", [], pred.RequiresGrad);
        loss.Data[0] = (float)(sum / Math.Max(1, pred.Length));
        var op = tape.Record<MseLossOp>();
        (op._pred, op._target, op._loss) = (pred, target, loss);
        return loss;
    }

    public override void Backward(Tape tape)
    {
        if (!_pred.RequiresGrad)
        {
            return;
        }

        var scale = 2f * _loss.Grad[0] / Math.Max(1, _pred.Length);
        var p = _pred.Data;
        var q = _target.Data;
        var g = _pred.Grad;
        for (var i = 0; i < _pred.Length; i++)
        {
            g[i] += scale * (p[i] - q[i]);
        }
    }
}
