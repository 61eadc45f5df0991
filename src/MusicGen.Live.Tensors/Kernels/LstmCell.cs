using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MusicGen.Live.Tensors.Kernels.Operators;

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
    private const int Chunk = 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, Span<float> cNext, Span<float> hNext, int batch, int hidden, Span<float> activatedGates = default)
    {
        Check(gates.Length, cPrev.Length, cNext.Length, hNext.Length, activatedGates.Length, batch, hidden);
        var save = !activatedGates.IsEmpty;

        // Chunks of 64 columns: the four activations go through the SIMD driver into a small stack scratch
        // (one vectorised pass each, which the JIT compiles far better than one loop doing all five
        // transcendentals), then the state update is one more pass over data still in L1.
        Span<float> act = stackalloc float[4 * Chunk];
        for (var b = 0; b < batch; b++)
        {
            var g = gates.Slice(b * 4 * hidden, 4 * hidden);
            for (var j = 0; j < hidden; j += Chunk)
            {
                var n = Math.Min(Chunk, hidden - j);
                var i = act[..n];
                var f = act.Slice(Chunk, n);
                var gc = act.Slice(2 * Chunk, n);
                var o = act.Slice(3 * Chunk, n);
                UnaryDriver.Run<SigmoidOperator>(g.Slice(j, n), i);
                UnaryDriver.Run<SigmoidOperator>(g.Slice(hidden + j, n), f);
                UnaryDriver.Run<TanhOperator>(g.Slice((2 * hidden) + j, n), gc);
                UnaryDriver.Run<SigmoidOperator>(g.Slice((3 * hidden) + j, n), o);
                Update(i, f, gc, o, cPrev.Slice((b * hidden) + j, n), cNext.Slice((b * hidden) + j, n), hNext.Slice((b * hidden) + j, n));
                if (save)
                {
                    var ag = activatedGates.Slice(b * 4 * hidden, 4 * hidden);
                    i.CopyTo(ag.Slice(j, n));
                    f.CopyTo(ag.Slice(hidden + j, n));
                    gc.CopyTo(ag.Slice((2 * hidden) + j, n));
                    o.CopyTo(ag.Slice((3 * hidden) + j, n));
                }
            }
        }
    }

    /// <summary>
    /// c' = f ⊙ c + i ⊙ g and h' = o ⊙ tanh(c') over activated gates, one pass per width like
    /// <see cref="UnaryDriver"/>. Not TensorPrimitives.FusedMultiplyAdd: on x86 without FMA that is emulated one
    /// element at a time (see <see cref="SimdWidth"/>). cNext may alias cPrev.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Update(ReadOnlySpan<float> i, ReadOnlySpan<float> f, ReadOnlySpan<float> g, ReadOnlySpan<float> o, ReadOnlySpan<float> cPrev, Span<float> cNext, Span<float> hNext)
    {
        var n = i.Length;
        ref var ir = ref MemoryMarshal.GetReference(i);
        ref var fr = ref MemoryMarshal.GetReference(f);
        ref var gr = ref MemoryMarshal.GetReference(g);
        ref var or = ref MemoryMarshal.GetReference(o);
        ref var cp = ref MemoryMarshal.GetReference(cPrev);
        ref var cn = ref MemoryMarshal.GetReference(cNext);
        ref var hn = ref MemoryMarshal.GetReference(hNext);
        var k = 0;
        var bits = SimdWidth.Bits;
        if (Vector512.IsHardwareAccelerated && bits >= 512)
        {
            for (; k + 16 <= n; k += 16)
            {
                var u = (nuint)k;
                var c = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fr, u), Vector512.LoadUnsafe(ref cp, u), Vector512.LoadUnsafe(ref ir, u) * Vector512.LoadUnsafe(ref gr, u));
                c.StoreUnsafe(ref cn, u);
                (Vector512.LoadUnsafe(ref or, u) * VectorMath.Tanh(c)).StoreUnsafe(ref hn, u);
            }
        }

        if (Vector256.IsHardwareAccelerated && bits >= 256)
        {
            for (; k + 8 <= n; k += 8)
            {
                var u = (nuint)k;
                var c = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref fr, u), Vector256.LoadUnsafe(ref cp, u), Vector256.LoadUnsafe(ref ir, u) * Vector256.LoadUnsafe(ref gr, u));
                c.StoreUnsafe(ref cn, u);
                (Vector256.LoadUnsafe(ref or, u) * VectorMath.Tanh(c)).StoreUnsafe(ref hn, u);
            }
        }

        if (Vector128.IsHardwareAccelerated && bits >= 128)
        {
            for (; k + 4 <= n; k += 4)
            {
                var u = (nuint)k;
                var c = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref fr, u), Vector128.LoadUnsafe(ref cp, u), Vector128.LoadUnsafe(ref ir, u) * Vector128.LoadUnsafe(ref gr, u));
                c.StoreUnsafe(ref cn, u);
                (Vector128.LoadUnsafe(ref or, u) * VectorMath.Tanh(c)).StoreUnsafe(ref hn, u);
            }
        }

        for (; k < n; k++)
        {
            var c = (Unsafe.Add(ref fr, k) * Unsafe.Add(ref cp, k)) + (Unsafe.Add(ref ir, k) * Unsafe.Add(ref gr, k));
            Unsafe.Add(ref cn, k) = c;
            Unsafe.Add(ref hn, k) = Unsafe.Add(ref or, k) * VectorMath.Tanh(c);
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

    private static void Check(int gLen, int cpLen, int cnLen, int hLen, int agLen, int batch, int hidden)
    {
        long bh = (long)batch * hidden;
        if (batch < 0 || hidden < 0 || gLen < 4 * bh || cpLen < bh || cnLen < bh || hLen < bh || (agLen != 0 && agLen < 4 * bh))
        {
            throw new ArgumentException($"lstm cell: batch={batch} hidden={hidden} does not fit gates ({gLen}), c ({cpLen}/{cnLen}), h ({hLen}), saved gates ({agLen})");
        }
    }
}
