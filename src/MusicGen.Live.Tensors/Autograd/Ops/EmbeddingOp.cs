using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>y[i] = table[ids[i]] (PyTorch <c>nn.Embedding</c>); backward scatter-adds rows into the table's gradient.</summary>
internal sealed class EmbeddingOp : TapeOp
{
    private int[] _ids = [];
    private int _count;
    private Var _table = null!;
    private Var _y = null!;

    public static Var Apply(Tape tape, Var table, ReadOnlySpan<int> ids)
    {
        if (table.Rank != 2)
        {
            throw new ShapeMismatchException(table.Name, $"embedding table must be [vocab, dim], got rank {table.Rank}");
        }

        var (vocab, dim) = (table.Dim(0), table.Dim(1));
        for (var i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)vocab)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"token id {ids[i]} at position {i} is outside the vocabulary of '{table.Name}' ({vocab})");
            }
        }

        var op = tape.Record<EmbeddingOp>();
        if (op._ids.Length < ids.Length)
        {
            op._ids = new int[ids.Length];
        }

        ids.CopyTo(op._ids);
        op._count = ids.Length;
        op._table = table;
        op._y = tape.NewVar("embedding", [ids.Length, dim], table.RequiresGrad);
        EmbeddingGather.Run(table.Values, dim, ids, op._y.Values);
        return op._y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Tape tape)
    {
        if (!_table.RequiresGrad)
        {
            return;
        }

        var dim = _table.Dim(1);
        for (var i = 0; i < _count; i++)
        {
            var row = _table.Grad.AsSpan(_ids[i] * dim, dim);
            TensorPrimitives.Add(row, _y.Grad.AsSpan(i * dim, dim), row);
        }
    }
}
