using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>y[N,out] = x[N,in] · W[out,in]ᵀ + b[out] (PyTorch <c>nn.Linear</c>); x may have any leading dims.</summary>
internal sealed class LinearOp : TapeOp
{
    private readonly GemmJob _job = new();
    private Var _x = null!;
    private Var _w = null!;
    private Var? _b;
    private Var _y = null!;

    public static Var Apply(Tape tape, Var x, Var w, Var? b)
    {
        var outF = w.Dim(0);
        var inF = w.Dim(1);
        ShapeMismatchException.ThrowIfCols(x, inF, "linear with weight", w);
        if (b is not null)
        {
            ShapeMismatchException.ThrowIfNot(b, [outF], "linear with weight", w);
        }

        Span<int> shape = stackalloc int[x.Rank];
        x.Shape.CopyTo(shape);
        shape[^1] = outF;
        var y = tape.NewVar("linear", shape, x.RequiresGrad || w.RequiresGrad || (b?.RequiresGrad ?? false));
        var n = x.Rows;
        if (b is not null)
        {
            for (var r = 0; r < n; r++)
            {
                b.Data.AsSpan(0, outF).CopyTo(y.Data.AsSpan(r * outF, outF));
            }
        }

        var op = tape.Record<LinearOp>();
        op._job.Run(tape.Pool, GemmKind.NT, x.Data, 0, inF, w.Data, 0, inF, y.Data, 0, outF, n, outF, inF, accumulate: b is not null);
        (op._x, op._w, op._b, op._y) = (x, w, b, y);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Tape tape)
    {
        var outF = _w.Dim(0);
        var inF = _w.Dim(1);
        var n = _x.Rows;
        if (_x.RequiresGrad)
        {
            _job.Run(tape.Pool, GemmKind.NN, _y.Grad, 0, outF, _w.Data, 0, inF, _x.Grad, 0, inF, n, inF, outF, accumulate: true);
        }

        if (_w.RequiresGrad)
        {
            _job.Run(tape.Pool, GemmKind.TN, _y.Grad, 0, outF, _x.Data, 0, inF, _w.Grad, 0, inF, outF, inF, n, accumulate: true);
        }

        if (_b is { RequiresGrad: true } b)
        {
            var db = b.Grad.AsSpan(0, outF);
            for (var r = 0; r < n; r++)
            {
                TensorPrimitives.Add(db, _y.Grad.AsSpan(r * outF, outF), db);
            }
        }
    }
}
