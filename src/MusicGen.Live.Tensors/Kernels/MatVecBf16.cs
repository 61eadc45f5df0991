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
        if (RowQuads.Empty(y, rows, cols, accumulate))
        {
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
                var odd = (n & 1) != 0;
                var last = odd ? px[c0 + n - 1] : 0f;
                for (var r = 0; r < rows; r += 4)
                {
                    // Rows past the end (the last 1–3 rows) repeat the last row; only the real ones are stored.
                    var p0 = pw + ((long)r * ldw) + c0;
                    var live = RowQuads.Rows(p0, ldw, rows, r, out var p1, out var p2, out var p3);
                    var s = Dot4((uint*)p0, (uint*)p1, (uint*)p2, (uint*)p3, xe, xo, pairs, bits);
                    if (odd)
                    {
                        s += Vector128.Create(BFloat16.ToFloat(p0[n - 1]), BFloat16.ToFloat(p1[n - 1]), BFloat16.ToFloat(p2[n - 1]), BFloat16.ToFloat(p3[n - 1])) * last;
                    }

                    RowQuads.Store(py + r, s, live, add);
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
