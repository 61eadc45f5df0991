using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The vector bodies of <see cref="MatVecBf16"/>, one per width (Vector512, Vector256, Vector128). bf16 widens
/// to float by zero-extension and a 16-bit shift at every width; <see cref="SimdWidth"/> picks the widest per call
/// and narrower ones finish a remainder before the scalar tail.
/// </summary>
public static unsafe partial class MatVecBf16
{
    /// <summary>Two dot products W[r..r+2, :]·x sharing each load of x; two vectors per row in flight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot2(ushort* w, int ldw, float* x, int cols, int bits, out float s0, out float s1)
    {
        var w0 = w;
        var w1 = w + ldw;
        var j = 0;
        s0 = s1 = 0f;
        if (bits >= 512 && j + 16 <= cols)
        {
            Vector512<float> a0 = default, a1 = default, b0 = default, b1 = default;
            for (; j + 32 <= cols; j += 32)
            {
                var xl = Vector512.Load(x + j);
                var xh = Vector512.Load(x + j + 16);
                var (p0, p1) = BFloat16.Widen(Vector512.Load(w0 + j));
                var (q0, q1) = BFloat16.Widen(Vector512.Load(w1 + j));
                a0 = Vector512.FusedMultiplyAdd(p0, xl, a0);
                a1 = Vector512.FusedMultiplyAdd(p1, xh, a1);
                b0 = Vector512.FusedMultiplyAdd(q0, xl, b0);
                b1 = Vector512.FusedMultiplyAdd(q1, xh, b1);
            }

            if (j + 16 <= cols)
            {
                // A one-vector remainder (e.g. 176 = 5·32 + 16 at Vector512) stays vectorised.
                var xl = Vector512.Load(x + j);
                a0 = Vector512.FusedMultiplyAdd(BFloat16.Load16(w0 + j), xl, a0);
                b0 = Vector512.FusedMultiplyAdd(BFloat16.Load16(w1 + j), xl, b0);
                j += 16;
            }

            s0 += Vector512.Sum(a0 + a1);
            s1 += Vector512.Sum(b0 + b1);
        }

        if (bits >= 256 && j + 8 <= cols)
        {
            Vector256<float> a0 = default, a1 = default, b0 = default, b1 = default;
            for (; j + 16 <= cols; j += 16)
            {
                var xl = Vector256.Load(x + j);
                var xh = Vector256.Load(x + j + 8);
                var (p0, p1) = BFloat16.Widen(Vector256.Load(w0 + j));
                var (q0, q1) = BFloat16.Widen(Vector256.Load(w1 + j));
                a0 = Vector256.FusedMultiplyAdd(p0, xl, a0);
                a1 = Vector256.FusedMultiplyAdd(p1, xh, a1);
                b0 = Vector256.FusedMultiplyAdd(q0, xl, b0);
                b1 = Vector256.FusedMultiplyAdd(q1, xh, b1);
            }

            if (j + 8 <= cols)
            {
                // A one-vector remainder (e.g. 176 = 5·32 + 16 at Vector512) stays vectorised.
                var xl = Vector256.Load(x + j);
                a0 = Vector256.FusedMultiplyAdd(BFloat16.Load8(w0 + j), xl, a0);
                b0 = Vector256.FusedMultiplyAdd(BFloat16.Load8(w1 + j), xl, b0);
                j += 8;
            }

            s0 += Vector256.Sum(a0 + a1);
            s1 += Vector256.Sum(b0 + b1);
        }

        if (bits >= 128 && j + 4 <= cols)
        {
            Vector128<float> a0 = default, a1 = default, b0 = default, b1 = default;
            for (; j + 8 <= cols; j += 8)
            {
                var xl = Vector128.Load(x + j);
                var xh = Vector128.Load(x + j + 4);
                var (p0, p1) = BFloat16.Widen(Vector128.Load(w0 + j));
                var (q0, q1) = BFloat16.Widen(Vector128.Load(w1 + j));
                a0 = Vector128.FusedMultiplyAdd(p0, xl, a0);
                a1 = Vector128.FusedMultiplyAdd(p1, xh, a1);
                b0 = Vector128.FusedMultiplyAdd(q0, xl, b0);
                b1 = Vector128.FusedMultiplyAdd(q1, xh, b1);
            }

            if (j + 4 <= cols)
            {
                // A one-vector remainder (e.g. 176 = 5·32 + 16 at Vector512) stays vectorised.
                var xl = Vector128.Load(x + j);
                a0 = Vector128.FusedMultiplyAdd(BFloat16.Load4(w0 + j), xl, a0);
                b0 = Vector128.FusedMultiplyAdd(BFloat16.Load4(w1 + j), xl, b0);
                j += 4;
            }

            s0 += Vector128.Sum(a0 + a1);
            s1 += Vector128.Sum(b0 + b1);
        }

        for (; j < cols; j++)
        {
            s0 += BFloat16.ToFloat(w0[j]) * x[j];
            s1 += BFloat16.ToFloat(w1[j]) * x[j];
        }
    }

    /// <summary><see cref="RunTransposed"/>'s Vector512 body from column j: blocks of four vectors, then two, then one; returns the first column it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed512(ushort* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        for (; j + 64 <= cols; j += 64)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector512.Create(px[r]);
                var (w0, w1) = BFloat16.Widen(Vector512.Load(p));
                var (w2, w3) = BFloat16.Widen(Vector512.Load(p + 32));
                a0 = Vector512.FusedMultiplyAdd(w0, xr, a0);
                a1 = Vector512.FusedMultiplyAdd(w1, xr, a1);
                a2 = Vector512.FusedMultiplyAdd(w2, xr, a2);
                a3 = Vector512.FusedMultiplyAdd(w3, xr, a3);
            }

            Store(py + j, a0, accumulate);
            Store(py + j + 16, a1, accumulate);
            Store(py + j + 32, a2, accumulate);
            Store(py + j + 48, a3, accumulate);
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

            Store(py + j, a0, accumulate);
            Store(py + j + 16, a1, accumulate);
        }

        for (; j + 16 <= cols; j += 16)
        {
            Vector512<float> a0 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                a0 = Vector512.FusedMultiplyAdd(BFloat16.Load16(p), Vector512.Create(px[r]), a0);
            }

            Store(py + j, a0, accumulate);
        }

        return j;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(float* dst, Vector512<float> v, bool accumulate)
        {
            if (accumulate)
            {
                v += Vector512.Load(dst);
            }

            v.Store(dst);
        }
    }

    /// <summary><see cref="RunTransposed"/>'s Vector256 body from column j: blocks of four vectors, then two, then one; returns the first column it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed256(ushort* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        for (; j + 32 <= cols; j += 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector256.Create(px[r]);
                var (w0, w1) = BFloat16.Widen(Vector256.Load(p));
                var (w2, w3) = BFloat16.Widen(Vector256.Load(p + 16));
                a0 = Vector256.FusedMultiplyAdd(w0, xr, a0);
                a1 = Vector256.FusedMultiplyAdd(w1, xr, a1);
                a2 = Vector256.FusedMultiplyAdd(w2, xr, a2);
                a3 = Vector256.FusedMultiplyAdd(w3, xr, a3);
            }

            Store(py + j, a0, accumulate);
            Store(py + j + 8, a1, accumulate);
            Store(py + j + 16, a2, accumulate);
            Store(py + j + 24, a3, accumulate);
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

            Store(py + j, a0, accumulate);
            Store(py + j + 8, a1, accumulate);
        }

        for (; j + 8 <= cols; j += 8)
        {
            Vector256<float> a0 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                a0 = Vector256.FusedMultiplyAdd(BFloat16.Load8(p), Vector256.Create(px[r]), a0);
            }

            Store(py + j, a0, accumulate);
        }

        return j;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(float* dst, Vector256<float> v, bool accumulate)
        {
            if (accumulate)
            {
                v += Vector256.Load(dst);
            }

            v.Store(dst);
        }
    }

    /// <summary><see cref="RunTransposed"/>'s Vector128 body from column j: blocks of four vectors, then two, then one; returns the first column it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed128(ushort* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        for (; j + 16 <= cols; j += 16)
        {
            Vector128<float> a0 = default, a1 = default, a2 = default, a3 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector128.Create(px[r]);
                var (w0, w1) = BFloat16.Widen(Vector128.Load(p));
                var (w2, w3) = BFloat16.Widen(Vector128.Load(p + 8));
                a0 = Vector128.FusedMultiplyAdd(w0, xr, a0);
                a1 = Vector128.FusedMultiplyAdd(w1, xr, a1);
                a2 = Vector128.FusedMultiplyAdd(w2, xr, a2);
                a3 = Vector128.FusedMultiplyAdd(w3, xr, a3);
            }

            Store(py + j, a0, accumulate);
            Store(py + j + 4, a1, accumulate);
            Store(py + j + 8, a2, accumulate);
            Store(py + j + 12, a3, accumulate);
        }

        for (; j + 8 <= cols; j += 8)
        {
            Vector128<float> a0 = default, a1 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector128.Create(px[r]);
                var (w0, w1) = BFloat16.Widen(Vector128.Load(p));
                a0 = Vector128.FusedMultiplyAdd(w0, xr, a0);
                a1 = Vector128.FusedMultiplyAdd(w1, xr, a1);
            }

            Store(py + j, a0, accumulate);
            Store(py + j + 4, a1, accumulate);
        }

        for (; j + 4 <= cols; j += 4)
        {
            Vector128<float> a0 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                a0 = Vector128.FusedMultiplyAdd(BFloat16.Load4(p), Vector128.Create(px[r]), a0);
            }

            Store(py + j, a0, accumulate);
        }

        return j;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(float* dst, Vector128<float> v, bool accumulate)
        {
            if (accumulate)
            {
                v += Vector128.Load(dst);
            }

            v.Store(dst);
        }
    }
}
