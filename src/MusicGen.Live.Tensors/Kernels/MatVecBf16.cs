using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// <see cref="MatVec"/> with the matrix in bfloat16 (x, y and accumulation in float): half the memory traffic
/// of a decode step, which is bound by it. Vector bodies for every width in MatVecBf16.Kernels.cs. Inference only.
/// Any thread; no allocation.
/// </summary>
public static unsafe partial class MatVecBf16
{
    /// <summary>Columns per pass of <see cref="Run"/>: x is split into even and odd halves on the stack, this many at a time.</summary>
    private const int Chunk = 2048;

    /// <summary>
    /// y[rows] (+)= W[rows, cols] · x, row r of W at w[r*ldw]. Two bf16 read as one 32-bit lane give their
    /// floats with one shift (the even element) and one mask (the odd one), no widening shuffle; so x is split
    /// into its even and odd elements once per call (per <see cref="Chunk"/> columns) and each row's dot
    /// product is Σ even·x_even + Σ odd·x_odd. Little-endian layout (x86, ARM64).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<ushort> w, int ldw, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        Validate(w.Length, ldw, x.Length, y.Length, rows, cols);
        if (rows == 0)
        {
            return;
        }

        if (cols == 0)
        {
            if (!accumulate)
            {
                y[..rows].Clear();
            }

            return;
        }

        Span<float> split = stackalloc float[Chunk];
        var bits = SimdWidth.Bits;
        fixed (ushort* pw = w)
        fixed (float* px = x)
        fixed (float* py = y)
        fixed (float* xs = split)
        {
            for (var c0 = 0; c0 < cols; c0 += Chunk)
            {
                var n = Math.Min(Chunk, cols - c0);
                var pairs = n / 2;
                var xe = xs;
                var xo = xs + (Chunk / 2);
                for (var k = 0; k < pairs; k++)
                {
                    xe[k] = px[c0 + (2 * k)];
                    xo[k] = px[c0 + (2 * k) + 1];
                }

                var add = accumulate || c0 > 0;
                var last = (n & 1) != 0 ? px[c0 + n - 1] : 0f;
                var r = 0;
                for (; r + 4 <= rows; r += 4)
                {
                    var row = pw + ((long)r * ldw) + c0;
                    Dot4(row, ldw, xe, xo, pairs, bits, out var s0, out var s1, out var s2, out var s3);
                    if ((n & 1) != 0)
                    {
                        s0 += BFloat16.ToFloat(row[n - 1]) * last;
                        s1 += BFloat16.ToFloat(row[ldw + n - 1]) * last;
                        s2 += BFloat16.ToFloat(row[(2 * ldw) + n - 1]) * last;
                        s3 += BFloat16.ToFloat(row[(3 * ldw) + n - 1]) * last;
                    }

                    py[r] = add ? py[r] + s0 : s0;
                    py[r + 1] = add ? py[r + 1] + s1 : s1;
                    py[r + 2] = add ? py[r + 2] + s2 : s2;
                    py[r + 3] = add ? py[r + 3] + s3 : s3;
                }

                for (; r + 2 <= rows; r += 2)
                {
                    var row = pw + ((long)r * ldw) + c0;
                    Dot2(row, ldw, xe, xo, pairs, bits, out var s0, out var s1);
                    if ((n & 1) != 0)
                    {
                        s0 += BFloat16.ToFloat(row[n - 1]) * last;
                        s1 += BFloat16.ToFloat(row[ldw + n - 1]) * last;
                    }

                    py[r] = add ? py[r] + s0 : s0;
                    py[r + 1] = add ? py[r + 1] + s1 : s1;
                }

                if (r < rows)
                {
                    // An odd last row: the same body with a zero stride (two copies of the row).
                    var row = pw + ((long)r * ldw) + c0;
                    Dot2(row, 0, xe, xo, pairs, bits, out var s, out _);
                    if ((n & 1) != 0)
                    {
                        s += BFloat16.ToFloat(row[n - 1]) * last;
                    }

                    py[r] = add ? py[r] + s : s;
                }
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
            var bits = SimdWidth.Bits;
            var j = 0;
            if (Vector512.IsHardwareAccelerated && bits >= 512)
            {
                j = Transposed512(pw, ldw, px, py, rows, cols, accumulate, j);
            }

            if (Vector256.IsHardwareAccelerated && bits >= 256)
            {
                j = Transposed256(pw, ldw, px, py, rows, cols, accumulate, j);
            }

            if (Vector128.IsHardwareAccelerated && bits >= 128)
            {
                j = Transposed128(pw, ldw, px, py, rows, cols, accumulate, j);
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
