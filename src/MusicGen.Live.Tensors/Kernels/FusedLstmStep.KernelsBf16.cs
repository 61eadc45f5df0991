using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The bfloat16 bodies of <see cref="FusedLstmStep"/>: as the float ones, reading a row's 32 lanes of bf16 pairs
/// (lane t: unit t's i low, f high; lane 16 + t: its g low, o high). Low half to float: shift left 16; high
/// half: mask the low bits off. Half the bytes per step of the float weights.
/// </summary>
public static unsafe partial class FusedLstmStep
{
    private const int LanesPerRow = GroupWidth / 2;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group512BFloat16(void* weights, float* b, float* v, float* c, float* h, int rows)
    {
        var w = (uint*)weights;
        var mask = Vector512.Create(0xFFFF0000u);
        var i0 = Vector512.Load(b);
        var f0 = Vector512.Load(b + 16);
        var g0 = Vector512.Load(b + 32);
        var o0 = Vector512.Load(b + 48);
        Vector512<float> i1 = default, f1 = default, g1 = default, o1 = default;
        var r = 0;
        for (; r + 2 <= rows; r += 2, w += 2 * LanesPerRow)
        {
            var xa = Vector512.Create(v[r]);
            var xb = Vector512.Create(v[r + 1]);
            var ifa = Vector512.Load(w);
            var goa = Vector512.Load(w + 16);
            var ifb = Vector512.Load(w + 32);
            var gob = Vector512.Load(w + 48);
            i0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(ifa, 16).AsSingle(), xa, i0);
            f0 = Vector512.FusedMultiplyAdd((ifa & mask).AsSingle(), xa, f0);
            g0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(goa, 16).AsSingle(), xa, g0);
            o0 = Vector512.FusedMultiplyAdd((goa & mask).AsSingle(), xa, o0);
            i1 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(ifb, 16).AsSingle(), xb, i1);
            f1 = Vector512.FusedMultiplyAdd((ifb & mask).AsSingle(), xb, f1);
            g1 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(gob, 16).AsSingle(), xb, g1);
            o1 = Vector512.FusedMultiplyAdd((gob & mask).AsSingle(), xb, o1);
        }

        if (r < rows)
        {
            var xa = Vector512.Create(v[r]);
            var ifa = Vector512.Load(w);
            var goa = Vector512.Load(w + 16);
            i0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(ifa, 16).AsSingle(), xa, i0);
            f0 = Vector512.FusedMultiplyAdd((ifa & mask).AsSingle(), xa, f0);
            g0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(goa, 16).AsSingle(), xa, g0);
            o0 = Vector512.FusedMultiplyAdd((goa & mask).AsSingle(), xa, o0);
        }

        Cell(i0 + i1, f0 + f1, g0 + g1, o0 + o1, c, h);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group256BFloat16(void* weights, float* b, float* v, float* c, float* h, int rows)
    {
        var w = (uint*)weights;
        var mask = Vector256.Create(0xFFFF0000u);
        var i0 = Vector256.Load(b);
        var i1 = Vector256.Load(b + 8);
        var f0 = Vector256.Load(b + 16);
        var f1 = Vector256.Load(b + 24);
        var g0 = Vector256.Load(b + 32);
        var g1 = Vector256.Load(b + 40);
        var o0 = Vector256.Load(b + 48);
        var o1 = Vector256.Load(b + 56);
        for (var r = 0; r < rows; r++, w += LanesPerRow)
        {
            var x = Vector256.Create(v[r]);
            var if0 = Vector256.Load(w);
            var if1 = Vector256.Load(w + 8);
            var go0 = Vector256.Load(w + 16);
            var go1 = Vector256.Load(w + 24);
            i0 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(if0, 16).AsSingle(), x, i0);
            f0 = Vector256.FusedMultiplyAdd((if0 & mask).AsSingle(), x, f0);
            i1 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(if1, 16).AsSingle(), x, i1);
            f1 = Vector256.FusedMultiplyAdd((if1 & mask).AsSingle(), x, f1);
            g0 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(go0, 16).AsSingle(), x, g0);
            o0 = Vector256.FusedMultiplyAdd((go0 & mask).AsSingle(), x, o0);
            g1 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(go1, 16).AsSingle(), x, g1);
            o1 = Vector256.FusedMultiplyAdd((go1 & mask).AsSingle(), x, o1);
        }

        Cell(i0, f0, g0, o0, c, h);
        Cell(i1, f1, g1, o1, c + 8, h + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group128BFloat16(void* weights, float* b, float* v, float* c, float* h, int rows)
    {
        var w = (uint*)weights;
        var mask = Vector128.Create(0xFFFF0000u);
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
            for (var r = 0; r < rows; r++, p += LanesPerRow)
            {
                var x = Vector128.Create(v[r]);
                var if0 = Vector128.Load(p);
                var if1 = Vector128.Load(p + 4);
                var go0 = Vector128.Load(p + 16);
                var go1 = Vector128.Load(p + 20);
                i0 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(if0, 16).AsSingle(), x, i0);
                f0 = Vector128.MultiplyAddEstimate((if0 & mask).AsSingle(), x, f0);
                i1 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(if1, 16).AsSingle(), x, i1);
                f1 = Vector128.MultiplyAddEstimate((if1 & mask).AsSingle(), x, f1);
                g0 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(go0, 16).AsSingle(), x, g0);
                o0 = Vector128.MultiplyAddEstimate((go0 & mask).AsSingle(), x, o0);
                g1 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(go1, 16).AsSingle(), x, g1);
                o1 = Vector128.MultiplyAddEstimate((go1 & mask).AsSingle(), x, o1);
            }

            Cell(i0, f0, g0, o0, c + half, h + half);
            Cell(i1, f1, g1, o1, c + half + 4, h + half + 4);
        }
    }

    private static void GroupScalarBFloat16(void* weights, float* b, float* v, float* c, float* h, int rows)
    {
        var w = (uint*)weights;
        for (var t = 0; t < GroupSize; t++)
        {
            float si = b[t], sf = b[16 + t], sg = b[32 + t], so = b[48 + t];
            var p = w + t;
            for (var r = 0; r < rows; r++, p += LanesPerRow)
            {
                var x = v[r];
                si += BitConverter.UInt32BitsToSingle(p[0] << 16) * x;
                sf += BitConverter.UInt32BitsToSingle(p[0] & 0xFFFF0000u) * x;
                sg += BitConverter.UInt32BitsToSingle(p[16] << 16) * x;
                so += BitConverter.UInt32BitsToSingle(p[16] & 0xFFFF0000u) * x;
            }

            CellScalar(si, sf, sg, so, c + t, h + t);
        }
    }
}
