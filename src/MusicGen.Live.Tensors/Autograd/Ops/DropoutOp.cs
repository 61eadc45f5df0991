using System.Runtime.CompilerServices;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// Inverted dropout: keeps each element with probability 1 − p and scales it by 1/(1 − p). The mask comes
/// from the caller's seeded <see cref="TrainRandom"/>, so a run (and a resumed run) draws the same masks.
/// Identity when the tape is not training or p = 0.
/// </summary>
internal sealed class DropoutOp : TapeOp
{
    private float[] _mask = [];
    private Var _x = null!;
    private Var _y = null!;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Var Apply(Tape tape, Var x, float p, TrainRandom rng)
    {
        if (p is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"dropout probability for '{x.Name}' must be in [0, 1)");
        }

        if (!tape.Training || p == 0)
        {
            return x;
        }

        var op = tape.Record<DropoutOp>();
        if (op._mask.Length < x.Length)
        {
            op._mask = new float[x.Length];
        }

        var y = tape.NewVar("dropout", x.Shape, x.RequiresGrad);
        var keep = 1f / (1f - p);
        for (var i = 0; i < x.Length; i++)
        {
            var m = rng.NextFloat() >= p ? keep : 0f;
            op._mask[i] = m;
            y.Data[i] = x.Data[i] * m;
        }

        (op._x, op._y) = (x, y);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Tape tape)
    {
        if (!_x.RequiresGrad)
        {
            return;
        }

        for (var i = 0; i < _x.Length; i++)
        {
            _x.Grad[i] += _y.Grad[i] * _mask[i];
        }
    }
}
