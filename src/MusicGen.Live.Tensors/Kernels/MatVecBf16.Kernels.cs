using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The vector bodies of <see cref="MatVecBf16"/>, one per width (Vector512, Vector256, Vector128). bf16 becomes
/// float by integer shifts (and a mask) at every width; <see cref="SimdWidth"/> picks the widest per call
/// and narrower ones finish a remainder before the scalar tail.
/// </summary>
public static unsafe partial class MatVecBf16
{
    /// <summary>
    /// Dot products of four rows (at w0..w3, as bf16 pairs read as 32-bit lanes) against the split x: eight
    /// independent multiply-add chains (even and odd per row), which keeps both FMA pipes busy through their
    /// latency, and each load of x serves four rows. The accumulators are carried down the widths (a Vector512
    /// sum folds into the Vector256 loop's, that into the Vector128 loop's) and the four rows are reduced together
    /// once at the end (<see cref="VectorReduce.Sum4"/>): rows of a few hundred columns are only a handful of
    /// iterations long, so a separate horizontal sum per row and width would cost as much as the loop.
    /// Returns [row 0, row 1, row 2, row 3].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector128<float> Dot4(uint* w0, uint* w1, uint* w2, uint* w3, float* xe, float* xo, int pairs, int bits)
    {
        var k = 0;
        Vector128<float> r0 = default, r1 = default, r2 = default, r3 = default;
        if (Vector256.IsHardwareAccelerated && bits >= 256 && k + 8 <= pairs)
        {
            Vector256<float> a0 = default, a1 = default, b0 = default, b1 = default;
            Vector256<float> c0 = default, c1 = default, d0 = default, d1 = default;
            if (Vector512.IsHardwareAccelerated && bits >= 512 && k + 16 <= pairs)
            {
                Vector512<float> e0 = default, e1 = default, f0 = default, f1 = default;
                Vector512<float> g0 = default, g1 = default, h0 = default, h1 = default;
                var mask512 = Vector512.Create(0xFFFF0000u);
                for (; k + 16 <= pairs; k += 16)
                {
                    var xev = Vector512.Load(xe + k);
                    var xov = Vector512.Load(xo + k);
                    var p = Vector512.Load(w0 + k);
                    var q = Vector512.Load(w1 + k);
                    var u = Vector512.Load(w2 + k);
                    var v = Vector512.Load(w3 + k);
                    e0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(p, 16).AsSingle(), xev, e0);
                    e1 = Vector512.FusedMultiplyAdd((p & mask512).AsSingle(), xov, e1);
                    f0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(q, 16).AsSingle(), xev, f0);
                    f1 = Vector512.FusedMultiplyAdd((q & mask512).AsSingle(), xov, f1);
                    g0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(u, 16).AsSingle(), xev, g0);
                    g1 = Vector512.FusedMultiplyAdd((u & mask512).AsSingle(), xov, g1);
                    h0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(v, 16).AsSingle(), xev, h0);
                    h1 = Vector512.FusedMultiplyAdd((v & mask512).AsSingle(), xov, h1);
                }

                a0 = VectorReduce.Fold(e0 + e1);
                b0 = VectorReduce.Fold(f0 + f1);
                c0 = VectorReduce.Fold(g0 + g1);
                d0 = VectorReduce.Fold(h0 + h1);
            }

            var mask = Vector256.Create(0xFFFF0000u);
            for (; k + 8 <= pairs; k += 8)
            {
                var xev = Vector256.Load(xe + k);
                var xov = Vector256.Load(xo + k);
                var p = Vector256.Load(w0 + k);
                var q = Vector256.Load(w1 + k);
                var u = Vector256.Load(w2 + k);
                var v = Vector256.Load(w3 + k);
                a0 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(p, 16).AsSingle(), xev, a0);
                a1 = Vector256.FusedMultiplyAdd((p & mask).AsSingle(), xov, a1);
                b0 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(q, 16).AsSingle(), xev, b0);
                b1 = Vector256.FusedMultiplyAdd((q & mask).AsSingle(), xov, b1);
                c0 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(u, 16).AsSingle(), xev, c0);
                c1 = Vector256.FusedMultiplyAdd((u & mask).AsSingle(), xov, c1);
                d0 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(v, 16).AsSingle(), xev, d0);
                d1 = Vector256.FusedMultiplyAdd((v & mask).AsSingle(), xov, d1);
            }

            r0 = VectorReduce.Fold(a0 + a1);
            r1 = VectorReduce.Fold(b0 + b1);
            r2 = VectorReduce.Fold(c0 + c1);
            r3 = VectorReduce.Fold(d0 + d1);
        }

        if (Vector128.IsHardwareAccelerated && bits >= 128 && k + 4 <= pairs)
        {
            Vector128<float> a1 = default, b1 = default, c1 = default, d1 = default;
            var mask = Vector128.Create(0xFFFF0000u);
            for (; k + 4 <= pairs; k += 4)
            {
                var xev = Vector128.Load(xe + k);
                var xov = Vector128.Load(xo + k);
                var p = Vector128.Load(w0 + k);
                var q = Vector128.Load(w1 + k);
                var u = Vector128.Load(w2 + k);
                var v = Vector128.Load(w3 + k);
                r0 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(p, 16).AsSingle(), xev, r0);
                a1 = Vector128.MultiplyAddEstimate((p & mask).AsSingle(), xov, a1);
                r1 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(q, 16).AsSingle(), xev, r1);
                b1 = Vector128.MultiplyAddEstimate((q & mask).AsSingle(), xov, b1);
                r2 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(u, 16).AsSingle(), xev, r2);
                c1 = Vector128.MultiplyAddEstimate((u & mask).AsSingle(), xov, c1);
                r3 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(v, 16).AsSingle(), xev, r3);
                d1 = Vector128.MultiplyAddEstimate((v & mask).AsSingle(), xov, d1);
            }

            r0 += a1;
            r1 += b1;
            r2 += c1;
            r3 += d1;
        }

        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (; k < pairs; k++)
        {
            s0 += (BitConverter.UInt32BitsToSingle(w0[k] << 16) * xe[k]) + (BitConverter.UInt32BitsToSingle(w0[k] & 0xFFFF0000u) * xo[k]);
            s1 += (BitConverter.UInt32BitsToSingle(w1[k] << 16) * xe[k]) + (BitConverter.UInt32BitsToSingle(w1[k] & 0xFFFF0000u) * xo[k]);
            s2 += (BitConverter.UInt32BitsToSingle(w2[k] << 16) * xe[k]) + (BitConverter.UInt32BitsToSingle(w2[k] & 0xFFFF0000u) * xo[k]);
            s3 += (BitConverter.UInt32BitsToSingle(w3[k] << 16) * xe[k]) + (BitConverter.UInt32BitsToSingle(w3[k] & 0xFFFF0000u) * xo[k]);
        }

        var tail = Vector128.Create(s0, s1, s2, s3);
        return Vector128.IsHardwareAccelerated ? VectorReduce.Sum4(r0, r1, r2, r3) + tail : tail;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed512(ushort* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        var mask = Vector512.Create(0xFFFF0000u);
        for (; j + 64 <= cols; j += 64)
        {
            // Even/odd: each 32-bit lane holds columns 2i (low half) and 2i+1 (high half); see Transposed256.
            Vector512<float> e0 = default, o0 = default, e1 = default, o1 = default;
            Vector512<float> f0 = default, p0 = default, f1 = default, p1 = default;
            var p = pw + j;
            var r = 0;
            for (; r + 2 <= rows; r += 2, p += 2 * ldw)
            {
                // Two rows a pass into two sets of sums: eight independent multiply-add chains, enough to keep
                // both FMA pipes busy through their latency down a long column (the values of every cached position).
                var xr = Vector512.Create(px[r]);
                var xs = Vector512.Create(px[r + 1]);
                var q0 = Vector512.Load((uint*)p);
                var q1 = Vector512.Load((uint*)(p + 32));
                var u0 = Vector512.Load((uint*)(p + ldw));
                var u1 = Vector512.Load((uint*)(p + ldw + 32));
                e0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(q0, 16).AsSingle(), xr, e0);
                o0 = Vector512.FusedMultiplyAdd((q0 & mask).AsSingle(), xr, o0);
                e1 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(q1, 16).AsSingle(), xr, e1);
                o1 = Vector512.FusedMultiplyAdd((q1 & mask).AsSingle(), xr, o1);
                f0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(u0, 16).AsSingle(), xs, f0);
                p0 = Vector512.FusedMultiplyAdd((u0 & mask).AsSingle(), xs, p0);
                f1 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(u1, 16).AsSingle(), xs, f1);
                p1 = Vector512.FusedMultiplyAdd((u1 & mask).AsSingle(), xs, p1);
            }

            if (r < rows)
            {
                var xr = Vector512.Create(px[r]);
                var q0 = Vector512.Load((uint*)p);
                var q1 = Vector512.Load((uint*)(p + 32));
                e0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(q0, 16).AsSingle(), xr, e0);
                o0 = Vector512.FusedMultiplyAdd((q0 & mask).AsSingle(), xr, o0);
                e1 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(q1, 16).AsSingle(), xr, e1);
                o1 = Vector512.FusedMultiplyAdd((q1 & mask).AsSingle(), xr, o1);
            }

            e0 += f0;
            o0 += p0;
            e1 += f1;
            o1 += p1;
            VectorStore.StoreOrAddInterleaved(py + j, e0, o0, accumulate);
            VectorStore.StoreOrAddInterleaved(py + j + 32, e1, o1, accumulate);
        }

        for (; j + 32 <= cols; j += 32)
        {
            Vector512<float> a0 = default, a1 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector512.Create(px[r]);
                var (w0, w1) = BFloat16.Widen(Vector512.Load(p));
                a0 = Vector512.FusedMultiplyAdd(w0, xr, a0);
                a1 = Vector512.FusedMultiplyAdd(w1, xr, a1);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
            VectorStore.StoreOrAdd(py + j + 16, a1, accumulate);
        }

        for (; j + 16 <= cols; j += 16)
        {
            Vector512<float> a0 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                a0 = Vector512.FusedMultiplyAdd(BFloat16.Load16(p), Vector512.Create(px[r]), a0);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
        }

        return j;
    }

    /// <summary><see cref="RunTransposed"/>'s Vector256 body from column j: blocks of four vectors (even/odd), then two, then one; returns the first column it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed256(ushort* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        var mask = Vector256.Create(0xFFFF0000u);
        for (; j + 32 <= cols; j += 32)
        {
            // Even/odd: each 32-bit lane holds columns 2i (low half: shift left 16) and 2i+1 (high half: mask), so
            // the sums for even and odd columns are kept apart, two instructions a lane instead of a widening
            // shuffle, and put back in column order once per block when stored.
            Vector256<float> e0 = default, o0 = default, e1 = default, o1 = default;
            Vector256<float> f0 = default, p0 = default, f1 = default, p1 = default;
            var p = pw + j;
            var r = 0;
            for (; r + 2 <= rows; r += 2, p += 2 * ldw)
            {
                // Two rows a pass into two sets of sums: eight independent multiply-add chains, enough to keep
                // both FMA pipes busy through their latency down a long column (the values of every cached position).
                var xr = Vector256.Create(px[r]);
                var xs = Vector256.Create(px[r + 1]);
                var q0 = Vector256.Load((uint*)p);
                var q1 = Vector256.Load((uint*)(p + 16));
                var u0 = Vector256.Load((uint*)(p + ldw));
                var u1 = Vector256.Load((uint*)(p + ldw + 16));
                e0 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(q0, 16).AsSingle(), xr, e0);
                o0 = Vector256.FusedMultiplyAdd((q0 & mask).AsSingle(), xr, o0);
                e1 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(q1, 16).AsSingle(), xr, e1);
                o1 = Vector256.FusedMultiplyAdd((q1 & mask).AsSingle(), xr, o1);
                f0 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(u0, 16).AsSingle(), xs, f0);
                p0 = Vector256.FusedMultiplyAdd((u0 & mask).AsSingle(), xs, p0);
                f1 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(u1, 16).AsSingle(), xs, f1);
                p1 = Vector256.FusedMultiplyAdd((u1 & mask).AsSingle(), xs, p1);
            }

            if (r < rows)
            {
                var xr = Vector256.Create(px[r]);
                var q0 = Vector256.Load((uint*)p);
                var q1 = Vector256.Load((uint*)(p + 16));
                e0 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(q0, 16).AsSingle(), xr, e0);
                o0 = Vector256.FusedMultiplyAdd((q0 & mask).AsSingle(), xr, o0);
                e1 = Vector256.FusedMultiplyAdd(Vector256.ShiftLeft(q1, 16).AsSingle(), xr, e1);
                o1 = Vector256.FusedMultiplyAdd((q1 & mask).AsSingle(), xr, o1);
            }

            e0 += f0;
            o0 += p0;
            e1 += f1;
            o1 += p1;
            VectorStore.StoreOrAddInterleaved(py + j, e0, o0, accumulate);
            VectorStore.StoreOrAddInterleaved(py + j + 16, e1, o1, accumulate);
        }

        for (; j + 16 <= cols; j += 16)
        {
            Vector256<float> a0 = default, a1 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector256.Create(px[r]);
                var (w0, w1) = BFloat16.Widen(Vector256.Load(p));
                a0 = Vector256.FusedMultiplyAdd(w0, xr, a0);
                a1 = Vector256.FusedMultiplyAdd(w1, xr, a1);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
            VectorStore.StoreOrAdd(py + j + 8, a1, accumulate);
        }

        for (; j + 8 <= cols; j += 8)
        {
            Vector256<float> a0 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                a0 = Vector256.FusedMultiplyAdd(BFloat16.Load8(p), Vector256.Create(px[r]), a0);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
        }

        return j;
    }

    /// <summary><see cref="RunTransposed"/>'s Vector128 body from column j: blocks of four vectors (even/odd), then two, then one; returns the first column it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed128(ushort* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        var mask = Vector128.Create(0xFFFF0000u);
        for (; j + 16 <= cols; j += 16)
        {
            // Even/odd: each 32-bit lane holds columns 2i (low half) and 2i+1 (high half); see Transposed256.
            Vector128<float> e0 = default, o0 = default, e1 = default, o1 = default;
            Vector128<float> f0 = default, p0 = default, f1 = default, p1 = default;
            var p = pw + j;
            var r = 0;
            for (; r + 2 <= rows; r += 2, p += 2 * ldw)
            {
                // Two rows a pass into two sets of sums: eight independent multiply-add chains, enough to keep
                // both FMA pipes busy through their latency down a long column (the values of every cached position).
                var xr = Vector128.Create(px[r]);
                var xs = Vector128.Create(px[r + 1]);
                var q0 = Vector128.Load((uint*)p);
                var q1 = Vector128.Load((uint*)(p + 8));
                var u0 = Vector128.Load((uint*)(p + ldw));
                var u1 = Vector128.Load((uint*)(p + ldw + 8));
                e0 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(q0, 16).AsSingle(), xr, e0);
                o0 = Vector128.MultiplyAddEstimate((q0 & mask).AsSingle(), xr, o0);
                e1 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(q1, 16).AsSingle(), xr, e1);
                o1 = Vector128.MultiplyAddEstimate((q1 & mask).AsSingle(), xr, o1);
                f0 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(u0, 16).AsSingle(), xs, f0);
                p0 = Vector128.MultiplyAddEstimate((u0 & mask).AsSingle(), xs, p0);
                f1 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(u1, 16).AsSingle(), xs, f1);
                p1 = Vector128.MultiplyAddEstimate((u1 & mask).AsSingle(), xs, p1);
            }

            if (r < rows)
            {
                var xr = Vector128.Create(px[r]);
                var q0 = Vector128.Load((uint*)p);
                var q1 = Vector128.Load((uint*)(p + 8));
                e0 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(q0, 16).AsSingle(), xr, e0);
                o0 = Vector128.MultiplyAddEstimate((q0 & mask).AsSingle(), xr, o0);
                e1 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(q1, 16).AsSingle(), xr, e1);
                o1 = Vector128.MultiplyAddEstimate((q1 & mask).AsSingle(), xr, o1);
            }

            e0 += f0;
            o0 += p0;
            e1 += f1;
            o1 += p1;
            VectorStore.StoreOrAddInterleaved(py + j, e0, o0, accumulate);
            VectorStore.StoreOrAddInterleaved(py + j + 8, e1, o1, accumulate);
        }

        for (; j + 8 <= cols; j += 8)
        {
            Vector128<float> a0 = default, a1 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector128.Create(px[r]);
                var (w0, w1) = BFloat16.Widen(Vector128.Load(p));
                a0 = Vector128.MultiplyAddEstimate(w0, xr, a0);
                a1 = Vector128.MultiplyAddEstimate(w1, xr, a1);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
            VectorStore.StoreOrAdd(py + j + 4, a1, accumulate);
        }

        for (; j + 4 <= cols; j += 4)
        {
            Vector128<float> a0 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                a0 = Vector128.MultiplyAddEstimate(BFloat16.Load4(p), Vector128.Create(px[r]), a0);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
        }

        return j;
    }
}
