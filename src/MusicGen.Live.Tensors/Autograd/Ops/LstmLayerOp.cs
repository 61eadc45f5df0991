using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// One LSTM layer over a whole sequence, uni- or bidirectional, fused with its backward pass (BPTT).
/// Input x is time-major [T, B, In]; output y is [T, B, dirs·H] with the reverse direction in the second
/// half (PyTorch <c>nn.LSTM</c> layout, gate order i, f, g, o, zero initial state).
/// Per direction, the input projection of every step is one big product; only h·W_hhᵀ runs step by step.
/// Backward produces every step's gate gradients first, then the weight and input gradients as three big
/// products. Directions (and batch slices, when threads outnumber directions) run on the worker pool.
/// Parameters per direction in <c>weights</c>: W_ih [4H, In], W_hh [4H, H], b_ih [4H], b_hh [4H].
/// </summary>
internal sealed class LstmLayerOp : TapeOp, IParallelJob
{
    private readonly GemmJob _gemm = new();
    private readonly LstmDirectionState[] _dirs = [new(), new()];
    private Var _x = null!;
    private Var _y = null!;
    private Var[] _weights = [];
    private int _t;
    private int _b;
    private int _in;
    private int _h;
    private int _dirCount;
    private int _batchChunks;
    private bool _backward;

    public static Var Apply(Tape tape, Var x, Var[] weights, int hidden, bool bidirectional)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weights);
        var dirCount = bidirectional ? 2 : 1;
        if (x.Rank != 3)
        {
            throw new ShapeMismatchException(x.Name, $"LSTM expects time-major [T, B, In], got rank {x.Rank}");
        }

        var (t, b, inF) = (x.Dim(0), x.Dim(1), x.Dim(2));
        if (weights.Length != 4 * dirCount)
        {
            throw new ArgumentException($"LSTM layer needs {4 * dirCount} weight tensors, got {weights.Length}", nameof(weights));
        }

        for (var d = 0; d < dirCount; d++)
        {
            ShapeMismatchException.ThrowIfNot(weights[(4 * d) + 0], [4 * hidden, inF], "LSTM W_ih");
            ShapeMismatchException.ThrowIfNot(weights[(4 * d) + 1], [4 * hidden, hidden], "LSTM W_hh");
            ShapeMismatchException.ThrowIfNot(weights[(4 * d) + 2], [4 * hidden], "LSTM b_ih");
            ShapeMismatchException.ThrowIfNot(weights[(4 * d) + 3], [4 * hidden], "LSTM b_hh");
        }

        var op = tape.Record<LstmLayerOp>();
        op._x = x;
        op._weights = weights;
        (op._t, op._b, op._in, op._h, op._dirCount) = (t, b, inF, hidden, dirCount);
        var needsGrad = x.RequiresGrad;
        foreach (var w in weights)
        {
            needsGrad |= w.RequiresGrad;
        }

        op._y = tape.NewVar("lstm", [t, b, dirCount * hidden], needsGrad);
        op._batchChunks = Math.Clamp(tape.Pool.ThreadCount / dirCount, 1, Math.Max(1, b / 4));
        op.Forward(tape.Pool);
        return op._y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Tape tape)
    {
        if (!_y.RequiresGrad)
        {
            return;
        }

        var pool = tape.Pool;
        var (t, b, inF, h) = (_t, _b, _in, _h);
        var g4 = 4 * h;
        for (var d = 0; d < _dirCount; d++)
        {
            PanelGemm.Pack(_weights[(4 * d) + 1].Values, h, transposed: false, g4, h, _dirs[d].PackedW);
        }

        _backward = true;
        pool.Run(this, _dirCount * _batchChunks);
        for (var d = 0; d < _dirCount; d++)
        {
            var dir = _dirs[d];
            var wIh = _weights[4 * d];
            var wHh = _weights[(4 * d) + 1];
            var bIh = _weights[(4 * d) + 2];
            var bHh = _weights[(4 * d) + 3];
            var rows = t * b;
            if (wIh.RequiresGrad)
            {
                _gemm.Run(pool, GemmKind.TN, dir.Gates, 0, g4, _x.Data, 0, inF, wIh.Grad, 0, inF, g4, inF, rows, accumulate: true);
            }

            if (wHh.RequiresGrad)
            {
                // Row r of the "previous h" matrix is the state that fed step r: block 0.. for forward, 1.. for reverse.
                var prevOff = d == 0 ? 0 : b * h;
                _gemm.Run(pool, GemmKind.TN, dir.Gates, 0, g4, dir.H, prevOff, h, wHh.Grad, 0, h, g4, h, rows, accumulate: true);
            }

            if (bIh.RequiresGrad || bHh.RequiresGrad)
            {
                var sum = dir.BiasScratch(g4);
                sum.Clear();
                for (var r = 0; r < rows; r++)
                {
                    TensorPrimitives.Add(sum, dir.Gates.AsSpan(r * g4, g4), sum);
                }

                if (bIh.RequiresGrad)
                {
                    TensorPrimitives.Add(bIh.Grads, sum, bIh.Grads);
                }

                if (bHh.RequiresGrad)
                {
                    TensorPrimitives.Add(bHh.Grads, sum, bHh.Grads);
                }
            }

            if (_x.RequiresGrad)
            {
                _gemm.Run(pool, GemmKind.NN, dir.Gates, 0, g4, wIh.Data, 0, inF, _x.Grad, 0, inF, rows, inF, g4, accumulate: true);
            }
        }
    }

    public void Execute(int task)
    {
        var d = task / _batchChunks;
        var (b0, b1) = WorkerPool.Slice(_b, _batchChunks, task % _batchChunks);
        if (_backward)
        {
            _dirs[d].BackwardSteps(_y.Grad, d, _dirCount, _t, _b, _h, b0, b1);
        }
        else
        {
            _dirs[d].ForwardSteps(_y.Data, d, _dirCount, _t, _b, _h, b0, b1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward(WorkerPool pool)
    {
        var (t, b, inF, h) = (_t, _b, _in, _h);
        var g4 = 4 * h;
        for (var d = 0; d < _dirCount; d++)
        {
            var dir = _dirs[d];
            dir.Ensure(t, b, h);
            var bias = dir.BiasScratch(g4);
            TensorPrimitives.Add(_weights[(4 * d) + 2].Values, _weights[(4 * d) + 3].Values, bias);
            for (var r = 0; r < t * b; r++)
            {
                bias.CopyTo(dir.Gates.AsSpan(r * g4, g4));
            }

            _gemm.Run(pool, GemmKind.NT, _x.Data, 0, inF, _weights[4 * d].Data, 0, inF, dir.Gates, 0, g4, t * b, g4, inF, accumulate: true);
            PanelGemm.Pack(_weights[(4 * d) + 1].Values, h, transposed: true, h, g4, dir.PackedW);
        }

        _backward = false;
        pool.Run(this, _dirCount * _batchChunks);
    }
}
