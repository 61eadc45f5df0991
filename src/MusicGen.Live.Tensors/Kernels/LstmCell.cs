using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The pointwise half of an LSTM step, fused: from gate pre-activations [batch, 4·hidden] in PyTorch's
/// order (i, f, g, o), with i = σ, f = σ, g = tanh, o = σ:
///   c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c').
/// cNext may alias cPrev (update in place). If <c>activatedGates</c> is given it receives σ/tanh of the
/// gates in the same layout (what backward needs). The matrix products that make the pre-activations
/// are the caller's (two MatVec/MatMul with accumulate). Any thread; no allocation.
/// </summary>
public static class LstmCell
{
    public static void Run(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, Span<float> cNext, Span<float> hNext, int batch, int hidden, Span<float> activatedGates = default)
    {
        Check(gates.Length, cPrev.Length, cNext.Length, hNext.Length, activatedGates.Length, batch, hidden);
        var save = !activatedGates.IsEmpty;
        for (var b = 0; b < batch; b++)
        {
            var g = gates.Slice(b * 4 * hidden, 4 * hidden);
            var gi = g[..hidden];
            var gf = g.Slice(hidden, hidden);
            var gg = g.Slice(2 * hidden, hidden);
            var go = g.Slice(3 * hidden, hidden);
            var cp = cPrev.Slice(b * hidden, hidden);
            var cn = cNext.Slice(b * hidden, hidden);
            var hn = hNext.Slice(b * hidden, hidden);
            var ag = save ? activatedGates.Slice(b * 4 * hidden, 4 * hidden) : default;
            var j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j + 16 <= hidden; j += 16)
                {
                    var i = VectorMath.Sigmoid(Vector512.Create(gi.Slice(j, 16)));
                    var f = VectorMath.Sigmoid(Vector512.Create(gf.Slice(j, 16)));
                    var gc = VectorMath.Tanh(Vector512.Create(gg.Slice(j, 16)));
                    var o = VectorMath.Sigmoid(Vector512.Create(go.Slice(j, 16)));
                    var c = Vector512.FusedMultiplyAdd(f, Vector512.Create(cp.Slice(j, 16)), i * gc);
                    c.CopyTo(cn.Slice(j, 16));
                    (o * VectorMath.Tanh(c)).CopyTo(hn.Slice(j, 16));
                    if (save)
                    {
                        i.CopyTo(ag.Slice(j, 16));
                        f.CopyTo(ag.Slice(hidden + j, 16));
                        gc.CopyTo(ag.Slice((2 * hidden) + j, 16));
                        o.CopyTo(ag.Slice((3 * hidden) + j, 16));
                    }
                }
            }

            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + 8 <= hidden; j += 8)
                {
                    var i = VectorMath.Sigmoid(Vector256.Create(gi.Slice(j, 8)));
                    var f = VectorMath.Sigmoid(Vector256.Create(gf.Slice(j, 8)));
                    var gc = VectorMath.Tanh(Vector256.Create(gg.Slice(j, 8)));
                    var o = VectorMath.Sigmoid(Vector256.Create(go.Slice(j, 8)));
                    var c = Vector256.FusedMultiplyAdd(f, Vector256.Create(cp.Slice(j, 8)), i * gc);
                    c.CopyTo(cn.Slice(j, 8));
                    (o * VectorMath.Tanh(c)).CopyTo(hn.Slice(j, 8));
                    if (save)
                    {
                        i.CopyTo(ag.Slice(j, 8));
                        f.CopyTo(ag.Slice(hidden + j, 8));
                        gc.CopyTo(ag.Slice((2 * hidden) + j, 8));
                        o.CopyTo(ag.Slice((3 * hidden) + j, 8));
                    }
                }
            }

            for (; j < hidden; j++)
            {
                Scalar(gi[j], gf[j], gg[j], go[j], ref cn[j], cp[j], out hn[j], out var i, out var f, out var gc, out var o);
                if (save)
                {
                    ag[j] = i;
                    ag[hidden + j] = f;
                    ag[(2 * hidden) + j] = gc;
                    ag[(3 * hidden) + j] = o;
                }
            }
        }
    }

    /// <summary>Double-precision reference of <see cref="Run"/> (no saved gates).</summary>
    public static void Reference(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, Span<float> cNext, Span<float> hNext, int batch, int hidden)
    {
        Check(gates.Length, cPrev.Length, cNext.Length, hNext.Length, 0, batch, hidden);
        for (var b = 0; b < batch; b++)
        {
            for (var j = 0; j < hidden; j++)
            {
                var g = (b * 4 * hidden) + j;
                var i = 1.0 / (1.0 + Math.Exp(-gates[g]));
                var f = 1.0 / (1.0 + Math.Exp(-gates[g + hidden]));
                var gc = Math.Tanh(gates[g + (2 * hidden)]);
                var o = 1.0 / (1.0 + Math.Exp(-gates[g + (3 * hidden)]));
                var c = (f * cPrev[(b * hidden) + j]) + (i * gc);
                cNext[(b * hidden) + j] = (float)c;
                hNext[(b * hidden) + j] = (float)(o * Math.Tanh(c));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scalar(float pi, float pf, float pg, float po, ref float cn, float cp, out float h, out float i, out float f, out float g, out float o)
    {
        i = VectorMath.Sigmoid(pi);
        f = VectorMath.Sigmoid(pf);
        g = VectorMath.Tanh(pg);
        o = VectorMath.Sigmoid(po);
        var c = MathF.FusedMultiplyAdd(f, cp, i * g);
        cn = c;
        h = o * VectorMath.Tanh(c);
    }

    private static void Check(int gLen, int cpLen, int cnLen, int hLen, int agLen, int batch, int hidden)
    {
        long bh = (long)batch * hidden;
        if (batch < 0 || hidden < 0 || gLen < 4 * bh || cpLen < bh || cnLen < bh || hLen < bh || (agLen != 0 && agLen < 4 * bh))
        {
            throw new ArgumentException($"lstm cell: batch={batch} hidden={hidden} does not fit gates ({gLen}), c ({cpLen}/{cnLen}), h ({hLen}), saved gates ({agLen})");
        }
    }
}
