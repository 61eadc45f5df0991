using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// <see cref="MatVec"/> with the matrix in bfloat16 (x, y and accumulation in float): half the memory traffic
/// of a decode step, which is bound by it. Inference only. Any thread; no allocation.
/// </summary>
public static unsafe class MatVecBf16
{
    /// <summary>y[rows] (+)= W[rows, cols] · x, row r of W at w[r*ldw].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<ushort> w, int ldw, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        Validate(w.Length, ldw, x.Length, y.Length, rows, cols);
        fixed (ushort* pw = w)
        fixed (float* px = x)
        fixed (float* py = y)
        {
            var r = 0;
            for (; r + 2 <= rows; r += 2)
            {
                Dot2(pw + ((long)r * ldw), ldw, px, cols, out var s0, out var s1);
                py[r] = accumulate ? py[r] + s0 : s0;
                py[r + 1] = accumulate ? py[r + 1] + s1 : s1;
            }

            for (; r < rows; r++)
            {
                var s = 0f;
                var row = pw + ((long)r * ldw);
                for (var j = 0; j < cols; j++)
                {
                    s += BFloat16.ToFloat(row[j]) * px[j];
                }

                py[r] = accumulate ? py[r] + s : s;
            }
        }
    }

    /// <summary>y[cols] (+)= Wᵀ · x = Σ_r x[r]·W[r, :], row r of W at w[r*ldw].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunTransposed(ReadOnlySpan<ushort> w, int ldw, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        Validate(w.Length, ldw, y.Length, x.Length, rows, cols);
        fixed (ushort* pw = w)
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
            }

            for (; j < cols; j++)
            {
                var s = accumulate ? py[j] : 0f;
                for (var r = 0; r < rows; r++)
                {
                    s += BFloat16.ToFloat(pw[((long)r * ldw) + j]) * px[r];
                }

                py[j] = s;
            }
        }

        static void Store(float* dst, Vector512<float> v, bool accumulate)
        {
            if (accumulate)
            {
                v += Vector512.Load(dst);
            }

            v.Store(dst);
        }
    }

    /// <summary>Reference: widens W to float and runs <see cref="MatVec.Reference"/>-style double loops (contiguous W).</summary>
    public static void Reference(ReadOnlySpan<ushort> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        var wf = new float[rows * cols];
        BFloat16.ToFloat(w[..(rows * cols)], wf);
        MatVec.Reference(wf, x, y, rows, cols, accumulate);
    }

    /// <summary>Reference of <see cref="RunTransposed"/> (contiguous W).</summary>
    public static void ReferenceTransposed(ReadOnlySpan<ushort> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        var wf = new float[rows * cols];
        BFloat16.ToFloat(w[..(rows * cols)], wf);
        MatVec.ReferenceTransposed(wf, x, y, rows, cols, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot2(ushort* w, int ldw, float* x, int cols, out float s0, out float s1)
    {
        var w0 = w;
        var w1 = w + ldw;
        var j = 0;
        s0 = s1 = 0f;
        if (Vector512.IsHardwareAccelerated && cols >= 32)
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
                // A 16-wide remainder (e.g. 176 = 5·32 + 16) stays vectorised.
                var xl = Vector512.Load(x + j);
                a0 = Vector512.FusedMultiplyAdd(Widen16(w0 + j), xl, a0);
                b0 = Vector512.FusedMultiplyAdd(Widen16(w1 + j), xl, b0);
                j += 16;
            }

            s0 = Vector512.Sum(a0 + a1);
            s1 = Vector512.Sum(b0 + b1);
        }

        for (; j < cols; j++)
        {
            s0 += BFloat16.ToFloat(w0[j]) * x[j];
            s1 += BFloat16.ToFloat(w1[j]) * x[j];
        }
    }

    /// <summary>16 bf16 at <paramref name="p"/> → one Vector512 of float.</summary>
    private static Vector512<float> Widen16(ushort* p)
    {
        var (lo, hi) = Vector256.Widen(Vector256.Load(p));
        return Vector512.ShiftLeft(Vector512.Create(lo, hi), 16).AsSingle();
    }

    private static void Validate(int wLen, int ldw, int xLen, int yLen, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || ldw < cols)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"bf16 matvec sizes rows={rows} cols={cols} ldw={ldw}");
        }

        if (rows > 0 && cols > 0 && (long)(rows - 1) * ldw + cols > wLen)
        {
            throw new ArgumentException($"bf16 matvec W: needs {(long)(rows - 1) * ldw + cols} elements but has {wLen}");
        }

        if (xLen < cols || yLen < rows)
        {
            throw new ArgumentException($"bf16 matvec: input has {xLen} (needs {cols}), output has {yLen} (needs {rows})");
        }
    }
}
