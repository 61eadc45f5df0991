using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The vector bodies of <see cref="MatVec"/>, one per width (Vector512, Vector256, Vector128: the same loops at
/// 16, 8 and 4 floats a vector); <see cref="SimdWidth"/> picks one per call and the scalar tail finishes.
/// </summary>
public static unsafe partial class MatVec
{
    /// <summary>
    /// Four dot products W[r..r+4, :]·x sharing each load of x; two vectors per row in flight (eight FMA chains)
    /// below Vector512, where one vector per row already gives four long ones. <paramref name="bits"/> is the
    /// widest width allowed; narrower ones finish a ragged remainder before the scalar tail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4(float* w, int ldw, float* x, int cols, int bits, out float s0, out float s1, out float s2, out float s3)
    {
        var w0 = w;
        var w1 = w + ldw;
        var w2 = w1 + ldw;
        var w3 = w2 + ldw;
        var j = 0;
        s0 = s1 = s2 = s3 = 0f;
        if (Vector512.IsHardwareAccelerated && bits >= 512 && cols >= 16)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; j + 16 <= cols; j += 16)
            {
                var xv = Vector512.Load(x + j);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(w0 + j), xv, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Load(w1 + j), xv, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Load(w2 + j), xv, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Load(w3 + j), xv, a3);
            }

            s0 = Vector512.Sum(a0);
            s1 = Vector512.Sum(a1);
            s2 = Vector512.Sum(a2);
            s3 = Vector512.Sum(a3);
        }

        if (Vector256.IsHardwareAccelerated && bits >= 256 && j + 8 <= cols)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
            for (; j + 16 <= cols; j += 16)
            {
                var xv = Vector256.Load(x + j);
                var xu = Vector256.Load(x + j + 8);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(w0 + j), xv, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(w1 + j), xv, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(w2 + j), xv, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(w3 + j), xv, a3);
                b0 = Vector256.FusedMultiplyAdd(Vector256.Load(w0 + j + 8), xu, b0);
                b1 = Vector256.FusedMultiplyAdd(Vector256.Load(w1 + j + 8), xu, b1);
                b2 = Vector256.FusedMultiplyAdd(Vector256.Load(w2 + j + 8), xu, b2);
                b3 = Vector256.FusedMultiplyAdd(Vector256.Load(w3 + j + 8), xu, b3);
            }

            if (j + 8 <= cols)
            {
                var xv = Vector256.Load(x + j);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(w0 + j), xv, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(w1 + j), xv, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(w2 + j), xv, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(w3 + j), xv, a3);
                j += 8;
            }

            s0 += Vector256.Sum(a0 + b0);
            s1 += Vector256.Sum(a1 + b1);
            s2 += Vector256.Sum(a2 + b2);
            s3 += Vector256.Sum(a3 + b3);
        }

        if (Vector128.IsHardwareAccelerated && bits >= 128 && j + 4 <= cols)
        {
            Vector128<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector128<float> b0 = default, b1 = default, b2 = default, b3 = default;
            for (; j + 8 <= cols; j += 8)
            {
                var xv = Vector128.Load(x + j);
                var xu = Vector128.Load(x + j + 4);
                a0 = Vector128.MultiplyAddEstimate(Vector128.Load(w0 + j), xv, a0);
                a1 = Vector128.MultiplyAddEstimate(Vector128.Load(w1 + j), xv, a1);
                a2 = Vector128.MultiplyAddEstimate(Vector128.Load(w2 + j), xv, a2);
                a3 = Vector128.MultiplyAddEstimate(Vector128.Load(w3 + j), xv, a3);
                b0 = Vector128.MultiplyAddEstimate(Vector128.Load(w0 + j + 4), xu, b0);
                b1 = Vector128.MultiplyAddEstimate(Vector128.Load(w1 + j + 4), xu, b1);
                b2 = Vector128.MultiplyAddEstimate(Vector128.Load(w2 + j + 4), xu, b2);
                b3 = Vector128.MultiplyAddEstimate(Vector128.Load(w3 + j + 4), xu, b3);
            }

            if (j + 4 <= cols)
            {
                var xv = Vector128.Load(x + j);
                a0 = Vector128.MultiplyAddEstimate(Vector128.Load(w0 + j), xv, a0);
                a1 = Vector128.MultiplyAddEstimate(Vector128.Load(w1 + j), xv, a1);
                a2 = Vector128.MultiplyAddEstimate(Vector128.Load(w2 + j), xv, a2);
                a3 = Vector128.MultiplyAddEstimate(Vector128.Load(w3 + j), xv, a3);
                j += 4;
            }

            s0 += Vector128.Sum(a0 + b0);
            s1 += Vector128.Sum(a1 + b1);
            s2 += Vector128.Sum(a2 + b2);
            s3 += Vector128.Sum(a3 + b3);
        }

        for (; j < cols; j++)
        {
            var xv = x[j];
            s0 += w0[j] * xv;
            s1 += w1[j] * xv;
            s2 += w2[j] * xv;
            s3 += w3[j] * xv;
        }
    }

    /// <summary><see cref="RunTransposed"/>'s Vector512 body from column j: blocks of four vectors, then single vectors; returns the first column it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed512(float* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        for (; j + 64 <= cols; j += 64)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector512.Create(px[r]);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(p), xr, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Load(p + 16), xr, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Load(p + 32), xr, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Load(p + 48), xr, a3);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
            VectorStore.StoreOrAdd(py + j + 16, a1, accumulate);
            VectorStore.StoreOrAdd(py + j + 32, a2, accumulate);
            VectorStore.StoreOrAdd(py + j + 48, a3, accumulate);
        }

        for (; j + 16 <= cols; j += 16)
        {
            Vector512<float> a0 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(p), Vector512.Create(px[r]), a0);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
        }

        return j;
    }

    /// <summary><see cref="RunTransposed"/>'s Vector256 body from column j: blocks of four vectors, then single vectors; returns the first column it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed256(float* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        for (; j + 32 <= cols; j += 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector256.Create(px[r]);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(p), xr, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(p + 8), xr, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(p + 16), xr, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(p + 24), xr, a3);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
            VectorStore.StoreOrAdd(py + j + 8, a1, accumulate);
            VectorStore.StoreOrAdd(py + j + 16, a2, accumulate);
            VectorStore.StoreOrAdd(py + j + 24, a3, accumulate);
        }

        for (; j + 8 <= cols; j += 8)
        {
            Vector256<float> a0 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(p), Vector256.Create(px[r]), a0);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
        }

        return j;
    }

    /// <summary><see cref="RunTransposed"/>'s Vector128 body from column j: blocks of four vectors, then single vectors; returns the first column it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed128(float* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        for (; j + 16 <= cols; j += 16)
        {
            Vector128<float> a0 = default, a1 = default, a2 = default, a3 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector128.Create(px[r]);
                a0 = Vector128.MultiplyAddEstimate(Vector128.Load(p), xr, a0);
                a1 = Vector128.MultiplyAddEstimate(Vector128.Load(p + 4), xr, a1);
                a2 = Vector128.MultiplyAddEstimate(Vector128.Load(p + 8), xr, a2);
                a3 = Vector128.MultiplyAddEstimate(Vector128.Load(p + 12), xr, a3);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
            VectorStore.StoreOrAdd(py + j + 4, a1, accumulate);
            VectorStore.StoreOrAdd(py + j + 8, a2, accumulate);
            VectorStore.StoreOrAdd(py + j + 12, a3, accumulate);
        }

        for (; j + 4 <= cols; j += 4)
        {
            Vector128<float> a0 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                a0 = Vector128.MultiplyAddEstimate(Vector128.Load(p), Vector128.Create(px[r]), a0);
            }

            VectorStore.StoreOrAdd(py + j, a0, accumulate);
        }

        return j;
    }
}
