using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The float bodies of <see cref="FusedLstmStep"/>, one group of 16 units each: Vector512 (four gate vectors, two
/// rows a pass into two sets of sums: eight multiply-add chains), Vector256 (eight gate vectors, one row a pass),
/// Vector128 (two halves of eight units, eight vectors each: no spills with x86's sixteen registers; ARM64 takes the
/// whole group, FusedLstmStep.Kernels128Wide.cs) and scalar.
/// Each ends with the cell update c' = σf·c + σi·tanh g, h' = σo·tanh c' on the gates still in registers.
/// </summary>
public static unsafe partial class FusedLstmStep
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group512(void* weights, float* b, float* v, float* c, float* h, int rows)
    {
        var w = (float*)weights;
        var i0 = Vector512.Load(b);
        var f0 = Vector512.Load(b + 16);
        var g0 = Vector512.Load(b + 32);
        var o0 = Vector512.Load(b + 48);
        Vector512<float> i1 = default, f1 = default, g1 = default, o1 = default;
        var r = 0;
        for (; r + 2 <= rows; r += 2, w += 2 * GroupWidth)
        {
            var xa = Vector512.Create(v[r]);
            var xb = Vector512.Create(v[r + 1]);
            i0 = Vector512.FusedMultiplyAdd(Vector512.Load(w), xa, i0);
            f0 = Vector512.FusedMultiplyAdd(Vector512.Load(w + 16), xa, f0);
            g0 = Vector512.FusedMultiplyAdd(Vector512.Load(w + 32), xa, g0);
            o0 = Vector512.FusedMultiplyAdd(Vector512.Load(w + 48), xa, o0);
            i1 = Vector512.FusedMultiplyAdd(Vector512.Load(w + 64), xb, i1);
            f1 = Vector512.FusedMultiplyAdd(Vector512.Load(w + 80), xb, f1);
            g1 = Vector512.FusedMultiplyAdd(Vector512.Load(w + 96), xb, g1);
            o1 = Vector512.FusedMultiplyAdd(Vector512.Load(w + 112), xb, o1);
        }

        if (r < rows)
        {
            var xa = Vector512.Create(v[r]);
            i0 = Vector512.FusedMultiplyAdd(Vector512.Load(w), xa, i0);
            f0 = Vector512.FusedMultiplyAdd(Vector512.Load(w + 16), xa, f0);
            g0 = Vector512.FusedMultiplyAdd(Vector512.Load(w + 32), xa, g0);
            o0 = Vector512.FusedMultiplyAdd(Vector512.Load(w + 48), xa, o0);
        }

        Cell(i0 + i1, f0 + f1, g0 + g1, o0 + o1, c, h);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group256(void* weights, float* b, float* v, float* c, float* h, int rows)
    {
        var w = (float*)weights;
        var i0 = Vector256.Load(b);
        var i1 = Vector256.Load(b + 8);
        var f0 = Vector256.Load(b + 16);
        var f1 = Vector256.Load(b + 24);
        var g0 = Vector256.Load(b + 32);
        var g1 = Vector256.Load(b + 40);
        var o0 = Vector256.Load(b + 48);
        var o1 = Vector256.Load(b + 56);
        for (var r = 0; r < rows; r++, w += GroupWidth)
        {
            var x = Vector256.Create(v[r]);
            i0 = Vector256.FusedMultiplyAdd(Vector256.Load(w), x, i0);
            i1 = Vector256.FusedMultiplyAdd(Vector256.Load(w + 8), x, i1);
            f0 = Vector256.FusedMultiplyAdd(Vector256.Load(w + 16), x, f0);
            f1 = Vector256.FusedMultiplyAdd(Vector256.Load(w + 24), x, f1);
            g0 = Vector256.FusedMultiplyAdd(Vector256.Load(w + 32), x, g0);
            g1 = Vector256.FusedMultiplyAdd(Vector256.Load(w + 40), x, g1);
            o0 = Vector256.FusedMultiplyAdd(Vector256.Load(w + 48), x, o0);
            o1 = Vector256.FusedMultiplyAdd(Vector256.Load(w + 56), x, o1);
        }

        Cell(i0, f0, g0, o0, c, h);
        Cell(i1, f1, g1, o1, c + 8, h + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group128(void* weights, float* b, float* v, float* c, float* h, int rows)
    {
        var w = (float*)weights;
        for (var half = 0; half < GroupSize; half += 8)
        {
            var i0 = Vector128.Load(b + half);
            var i1 = Vector128.Load(b + half + 4);
            var f0 = Vector128.Load(b + 16 + half);
            var f1 = Vector128.Load(b + 20 + half);
            var g0 = Vector128.Load(b + 32 + half);
            var g1 = Vector128.Load(b + 36 + half);
            var o0 = Vector128.Load(b + 48 + half);
            var o1 = Vector128.Load(b + 52 + half);
            var p = w + half;
            for (var r = 0; r < rows; r++, p += GroupWidth)
            {
                var x = Vector128.Create(v[r]);
                i0 = Vector128.MultiplyAddEstimate(Vector128.Load(p), x, i0);
                i1 = Vector128.MultiplyAddEstimate(Vector128.Load(p + 4), x, i1);
                f0 = Vector128.MultiplyAddEstimate(Vector128.Load(p + 16), x, f0);
                f1 = Vector128.MultiplyAddEstimate(Vector128.Load(p + 20), x, f1);
                g0 = Vector128.MultiplyAddEstimate(Vector128.Load(p + 32), x, g0);
                g1 = Vector128.MultiplyAddEstimate(Vector128.Load(p + 36), x, g1);
                o0 = Vector128.MultiplyAddEstimate(Vector128.Load(p + 48), x, o0);
                o1 = Vector128.MultiplyAddEstimate(Vector128.Load(p + 52), x, o1);
            }

            Cell(i0, f0, g0, o0, c + half, h + half);
            Cell(i1, f1, g1, o1, c + half + 4, h + half + 4);
        }
    }

    private static void GroupScalar(void* weights, float* b, float* v, float* c, float* h, int rows)
    {
        var w = (float*)weights;
        for (var t = 0; t < GroupSize; t++)
        {
            float si = b[t], sf = b[16 + t], sg = b[32 + t], so = b[48 + t];
            var p = w + t;
            for (var r = 0; r < rows; r++, p += GroupWidth)
            {
                var x = v[r];
                si += p[0] * x;
                sf += p[16] * x;
                sg += p[32] * x;
                so += p[48] * x;
            }

            CellScalar(si, sf, sg, so, c + t, h + t);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Cell(Vector512<float> i, Vector512<float> f, Vector512<float> g, Vector512<float> o, float* c, float* h)
    {
        var cn = Vector512.FusedMultiplyAdd(VectorMath.Sigmoid(f), Vector512.Load(c), VectorMath.Sigmoid(i) * VectorMath.Tanh(g));
        cn.Store(c);
        (VectorMath.Sigmoid(o) * VectorMath.Tanh(cn)).Store(h);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Cell(Vector256<float> i, Vector256<float> f, Vector256<float> g, Vector256<float> o, float* c, float* h)
    {
        var cn = Vector256.FusedMultiplyAdd(VectorMath.Sigmoid(f), Vector256.Load(c), VectorMath.Sigmoid(i) * VectorMath.Tanh(g));
        cn.Store(c);
        (VectorMath.Sigmoid(o) * VectorMath.Tanh(cn)).Store(h);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Cell(Vector128<float> i, Vector128<float> f, Vector128<float> g, Vector128<float> o, float* c, float* h)
    {
        var cn = Vector128.MultiplyAddEstimate(VectorMath.Sigmoid(f), Vector128.Load(c), VectorMath.Sigmoid(i) * VectorMath.Tanh(g));
        cn.Store(c);
        (VectorMath.Sigmoid(o) * VectorMath.Tanh(cn)).Store(h);
    }

    private static void CellScalar(float i, float f, float g, float o, float* c, float* h)
    {
        var cn = (VectorMath.Sigmoid(f) * *c) + (VectorMath.Sigmoid(i) * VectorMath.Tanh(g));
        *c = cn;
        *h = VectorMath.Sigmoid(o) * VectorMath.Tanh(cn);
    }
}
