using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// y[rows] (+)= W[rows, cols] · x[cols]: the decode-time shape of Linear (W in PyTorch's [out, in] layout).
/// Four rows per pass share each load of x; Vector512, then Vector256, then scalar for the tail columns.
/// Any thread may call; no state, no allocation.
/// </summary>
public static unsafe class MatVec
{
    public static void Run(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false) =>
        RunStrided(w, cols, x, y, rows, cols, accumulate);

    /// <summary>Row r of W is w[r*ldw .. r*ldw + cols).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunStrided(ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate)
    {
        Validate(w.Length, ldw, x.Length, y.Length, rows, cols);
        fixed (float* pw = w)
        fixed (float* px = x)
        fixed (float* py = y)
        {
            var r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                Dot4(pw + ((long)r * ldw), ldw, px, cols, out var s0, out var s1, out var s2, out var s3);
                if (accumulate)
                {
                    py[r] += s0;
                    py[r + 1] += s1;
                    py[r + 2] += s2;
                    py[r + 3] += s3;
                }
                else
                {
                    py[r] = s0;
                    py[r + 1] = s1;
                    py[r + 2] = s2;
                    py[r + 3] = s3;
                }
            }

            for (; r < rows; r++)
            {
                var s = TensorPrimitives.Dot(new ReadOnlySpan<float>(pw + ((long)r * ldw), cols), x[..cols]);
                py[r] = accumulate ? py[r] + s : s;
            }
        }
    }

    /// <summary>Plain double-precision loop.</summary>
    public static void Reference(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        Validate(w.Length, cols, x.Length, y.Length, rows, cols);
        for (var r = 0; r < rows; r++)
        {
            double sum = accumulate ? y[r] : 0.0;
            for (var j = 0; j < cols; j++)
            {
                sum += (double)w[(r * cols) + j] * x[j];
            }

            y[r] = (float)sum;
        }
    }

    /// <summary>
    /// y[cols] (+)= Wᵀ·x = Σ_r x[r]·W[r, :] for W [rows, cols] (row stride ldw): attention's weighted sum of cached
    /// values, and the input gradient of a one-row Linear. Columns go in register blocks of 64 (four Vector512)
    /// held across all rows, so each row of W is read once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunTransposed(ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        Validate(w.Length, ldw, y.Length, x.Length, rows, cols);
        fixed (float* pw = w)
        fixed (float* px = x)
        fixed (float* py = y)
        {
            var j = 0;
            if (Vector512.IsHardwareAccelerated)
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

                    if (accumulate)
                    {
                        a0 += Vector512.Load(py + j);
                        a1 += Vector512.Load(py + j + 16);
                        a2 += Vector512.Load(py + j + 32);
                        a3 += Vector512.Load(py + j + 48);
                    }

                    a0.Store(py + j);
                    a1.Store(py + j + 16);
                    a2.Store(py + j + 32);
                    a3.Store(py + j + 48);
                }

                for (; j + 16 <= cols; j += 16)
                {
                    var a0 = accumulate ? Vector512.Load(py + j) : default;
                    var p = pw + j;
                    for (var r = 0; r < rows; r++, p += ldw)
                    {
                        a0 = Vector512.FusedMultiplyAdd(Vector512.Load(p), Vector512.Create(px[r]), a0);
                    }

                    a0.Store(py + j);
                }
            }

            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + 8 <= cols; j += 8)
                {
                    var a0 = accumulate ? Vector256.Load(py + j) : default;
                    var p = pw + j;
                    for (var r = 0; r < rows; r++, p += ldw)
                    {
                        a0 = Vector256.FusedMultiplyAdd(Vector256.Load(p), Vector256.Create(px[r]), a0);
                    }

                    a0.Store(py + j);
                }
            }

            for (; j < cols; j++)
            {
                var s = accumulate ? py[j] : 0f;
                for (var r = 0; r < rows; r++)
                {
                    s += pw[((long)r * ldw) + j] * px[r];
                }

                py[j] = s;
            }
        }
    }

    /// <summary>Plain double-precision loop for <see cref="RunTransposed"/> (contiguous W).</summary>
    public static void ReferenceTransposed(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        Validate(w.Length, cols, y.Length, x.Length, rows, cols);
        for (var j = 0; j < cols; j++)
        {
            double sum = accumulate ? y[j] : 0.0;
            for (var r = 0; r < rows; r++)
            {
                sum += (double)w[(r * cols) + j] * x[r];
            }

            y[j] = (float)sum;
        }
    }

    private static void Validate(int wLen, int ldw, int xLen, int yLen, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || ldw < cols)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"matvec sizes rows={rows} cols={cols} ldw={ldw}");
        }

        if (rows > 0 && cols > 0 && (long)(rows - 1) * ldw + cols > wLen)
        {
            throw new ArgumentException($"matvec W: needs {(long)(rows - 1) * ldw + cols} elements but has {wLen}");
        }

        if (xLen < cols || yLen < rows)
        {
            throw new ArgumentException($"matvec: x has {xLen} (needs {cols}), y has {yLen} (needs {rows})");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4(float* w, int ldw, float* x, int cols, out float s0, out float s1, out float s2, out float s3)
    {
        var w0 = w;
        var w1 = w + ldw;
        var w2 = w1 + ldw;
        var w3 = w2 + ldw;
        var j = 0;
        s0 = s1 = s2 = s3 = 0f;
        if (Vector512.IsHardwareAccelerated && cols >= 16)
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
        else if (Vector256.IsHardwareAccelerated && cols >= 8)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; j + 8 <= cols; j += 8)
            {
                var xv = Vector256.Load(x + j);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(w0 + j), xv, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(w1 + j), xv, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(w2 + j), xv, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(w3 + j), xv, a3);
            }

            s0 = Vector256.Sum(a0);
            s1 = Vector256.Sum(a1);
            s2 = Vector256.Sum(a2);
            s3 = Vector256.Sum(a3);
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
}
