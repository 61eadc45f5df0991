using System.Runtime.CompilerServices;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// Fused causal multi-head self-attention with rotary position encoding (half-split, as
/// <see cref="Rotary"/>), forward and backward. Input qkv [B·T, 3d] (q | k | v, heads contiguous inside
/// each); output [B·T, d]. Saves rotated q, k, v [B, heads, T, hd] and the probabilities P [B, heads, T, T].
/// Products run in row blocks of <see cref="Block"/> that stop at the diagonal, so the masked half of
/// QKᵀ and PV is never computed. (batch, head) pairs run as tasks on the worker pool.
/// Backward: dV = Pᵀ·dO; dP = dO·Vᵀ; dS = P ⊙ (dP − Σⱼ dP⊙P)/√hd (in place of P); dQ = dS·K; dK = dSᵀ·Q;
/// then the inverse rotation of dQ and dK.
/// </summary>
internal sealed class CausalAttentionOp : TapeOp, IParallelJob
{
    private const int Block = 64;

    [ThreadStatic]
    private static float[]? t_scratch;

    private float[] _q = [];
    private float[] _k = [];
    private float[] _v = [];
    private float[] _p = [];
    private float[] _cos = [];
    private float[] _sin = [];
    private int _tableT;
    private int _tableHd;
    private Var _qkv = null!;
    private Var _y = null!;
    private int _b;
    private int _t;
    private int _heads;
    private int _hd;
    private bool _backward;

    public static Var Apply(Tape tape, Var qkv, int batch, int seq, int heads)
    {
        var d3 = qkv.Cols;
        if (d3 % 3 != 0 || (d3 / 3) % heads != 0 || ((d3 / 3 / heads) % 2) != 0)
        {
            throw new ShapeMismatchException(qkv.Name, $"attention needs [B·T, 3·d] with d divisible by {heads} heads into even head sizes, got last dimension {d3}");
        }

        if (qkv.Rows != batch * seq)
        {
            throw new ShapeMismatchException(qkv.Name, $"attention expects {batch}×{seq} rows, got {qkv.Rows}");
        }

        var d = d3 / 3;
        var hd = d / heads;
        var op = tape.Record<CausalAttentionOp>();
        (op._qkv, op._b, op._t, op._heads, op._hd, op._backward) = (qkv, batch, seq, heads, hd, false);
        var per = batch * heads * seq * hd;
        Grow(ref op._q, per);
        Grow(ref op._k, per);
        Grow(ref op._v, per);
        Grow(ref op._p, batch * heads * seq * seq);
        if (op._tableT != seq || op._tableHd != hd)
        {
            op._cos = new float[seq * hd / 2];
            op._sin = new float[seq * hd / 2];
            Rotary.Table(op._cos, op._sin, seq, hd);
            (op._tableT, op._tableHd) = (seq, hd);
        }

        op._y = tape.NewVar("attention", [batch * seq, d], qkv.RequiresGrad);
        tape.Pool.Run(op, batch * heads);
        return op._y;
    }

    public override void Backward(Tape tape)
    {
        if (_qkv.RequiresGrad)
        {
            _backward = true;
            tape.Pool.Run(this, _b * _heads);
        }
    }

    public void Execute(int task)
    {
        if (_backward)
        {
            BackwardHead(task);
        }
        else
        {
            ForwardHead(task);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardHead(int task)
    {
        var (t, hd) = (_t, _hd);
        var b = task / _heads;
        var h = task % _heads;
        var d = _heads * hd;
        var half = hd / 2;
        var baseOff = task * t * hd;
        var q = _q.AsSpan(baseOff, t * hd);
        var k = _k.AsSpan(baseOff, t * hd);
        var v = _v.AsSpan(baseOff, t * hd);
        var p = _p.AsSpan(task * t * t, t * t);
        var src = _qkv.Data;
        for (var i = 0; i < t; i++)
        {
            var row = ((b * t) + i) * 3 * d;
            src.AsSpan(row + (h * hd), hd).CopyTo(q.Slice(i * hd, hd));
            src.AsSpan(row + d + (h * hd), hd).CopyTo(k.Slice(i * hd, hd));
            src.AsSpan(row + (2 * d) + (h * hd), hd).CopyTo(v.Slice(i * hd, hd));
            Rotary.Apply(q.Slice(i * hd, hd), 1, hd, _cos.AsSpan(i * half, half), _sin.AsSpan(i * half, half));
            Rotary.Apply(k.Slice(i * hd, hd), 1, hd, _cos.AsSpan(i * half, half), _sin.AsSpan(i * half, half));
        }

        var scale = 1f / MathF.Sqrt(hd);
        var y = _y.Data.AsSpan(((b * t) * d) + (h * hd));
        for (var i0 = 0; i0 < t; i0 += Block)
        {
            var i1 = Math.Min(t, i0 + Block);
            MatMul.RunStrided(q[(i0 * hd)..], hd, k, hd, p[(i0 * t)..], t, i1 - i0, hd, i1, MatMulOptions.TransposeB);
            for (var i = i0; i < i1; i++)
            {
                var row = p.Slice(i * t, t);
                var live = row[..(i + 1)];
                System.Numerics.Tensors.TensorPrimitives.Multiply(live, scale, live);
                Softmax.Row(live, live);
                row[(i + 1)..].Clear();
            }

            MatMul.RunStrided(p[(i0 * t)..], t, v, hd, y[(i0 * d)..], d, i1 - i0, i1, hd, MatMulOptions.None);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardHead(int task)
    {
        var (t, hd) = (_t, _hd);
        var b = task / _heads;
        var h = task % _heads;
        var d = _heads * hd;
        var d3 = 3 * d;
        var half = hd / 2;
        var baseOff = task * t * hd;
        var q = _q.AsSpan(baseOff, t * hd);
        var k = _k.AsSpan(baseOff, t * hd);
        var v = _v.AsSpan(baseOff, t * hd);
        var p = _p.AsSpan(task * t * t, t * t);
        var scratch = t_scratch;
        var need = (Block * t) + (2 * t * hd);
        if (scratch is null || scratch.Length < need)
        {
            scratch = t_scratch = new float[need];
        }

        var dP = scratch.AsSpan(0, Block * t);
        var dQ = scratch.AsSpan(Block * t, t * hd);
        var dK = scratch.AsSpan((Block * t) + (t * hd), t * hd);
        var dO = _y.Grad.AsSpan(((b * t) * d) + (h * hd));
        var dQkv = _qkv.Grad.AsSpan((b * t) * d3);
        var scale = 1f / MathF.Sqrt(hd);

        // dV[j0:j1] = P[j0:T, j0:j1]ᵀ · dO[j0:T]: rows above j0 are masked for these columns.
        for (var j0 = 0; j0 < t; j0 += Block)
        {
            var j1 = Math.Min(t, j0 + Block);
            MatMul.RunStrided(p[((j0 * t) + j0)..], t, dO[(j0 * d)..], d, dQkv[((j0 * d3) + (2 * d) + (h * hd))..], d3, j1 - j0, t - j0, hd, MatMulOptions.TransposeA | MatMulOptions.Accumulate);
        }

        for (var i0 = 0; i0 < t; i0 += Block)
        {
            var i1 = Math.Min(t, i0 + Block);
            MatMul.RunStrided(dO[(i0 * d)..], d, v, hd, dP, t, i1 - i0, hd, i1, MatMulOptions.TransposeB);
            for (var i = i0; i < i1; i++)
            {
                var pr = p.Slice(i * t, i + 1);
                var dr = dP.Slice((i - i0) * t, i + 1);
                var dot = System.Numerics.Tensors.TensorPrimitives.Dot(pr, dr);
                System.Numerics.Tensors.TensorPrimitives.Subtract(dr, dot, dr);
                System.Numerics.Tensors.TensorPrimitives.Multiply(pr, dr, pr);
                System.Numerics.Tensors.TensorPrimitives.Multiply(pr, scale, pr);
            }

            MatMul.RunStrided(p[(i0 * t)..], t, k, hd, dQ[(i0 * hd)..], hd, i1 - i0, i1, hd, MatMulOptions.None);
        }

        for (var j0 = 0; j0 < t; j0 += Block)
        {
            var j1 = Math.Min(t, j0 + Block);
            MatMul.RunStrided(p[((j0 * t) + j0)..], t, q[(j0 * hd)..], hd, dK[(j0 * hd)..], hd, j1 - j0, t - j0, hd, MatMulOptions.TransposeA);
        }

        for (var i = 0; i < t; i++)
        {
            var cos = _cos.AsSpan(i * half, half);
            var sin = _sin.AsSpan(i * half, half);
            var row = dQkv.Slice(i * d3, d3);
            AddInverseRotated(dQ.Slice(i * hd, hd), cos, sin, row.Slice(h * hd, hd));
            AddInverseRotated(dK.Slice(i * hd, hd), cos, sin, row.Slice(d + (h * hd), hd));
        }
    }

    /// <summary>dst += Rᵀ·g: the rotation by −angle, the adjoint of the forward rotation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddInverseRotated(ReadOnlySpan<float> g, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, Span<float> dst)
    {
        var half = cos.Length;
        for (var i = 0; i < half; i++)
        {
            var a = g[i];
            var c = g[half + i];
            dst[i] += (a * cos[i]) + (c * sin[i]);
            dst[half + i] += (c * cos[i]) - (a * sin[i]);
        }
    }

    private static void Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }
    }
}
