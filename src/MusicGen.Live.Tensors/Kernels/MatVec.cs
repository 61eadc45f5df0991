using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// y[rows] (+)= W[rows, cols] · x[cols]: the decode-time shape of Linear (W in PyTorch's [out, in] layout).
/// Four rows per pass share each load of x, at the widest vector width <see cref="SimdWidth"/> allows (bodies in
/// MatVec.Kernels.cs), then scalar for the tail columns. Any thread may call; no state, no allocation.
/// </summary>
public static unsafe partial class MatVec
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
            var bits = SimdWidth.Bits;
            var r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                Dot4(pw + ((long)r * ldw), ldw, px, cols, bits, out var s0, out var s1, out var s2, out var s3);
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
                // The last one to three rows: the same body with a zero stride (four copies of the row).
                Dot4(pw + ((long)r * ldw), 0, px, cols, bits, out var s, out _, out _, out _);
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
    /// values, its scores against transposed keys, the LSTM step, and the input gradient of a one-row Linear.
    /// Columns go in register blocks of four vectors held across all rows (64 floats at Vector512, 32 at
    /// Vector256, 16 at Vector128: four independent FMA chains), so each row of W is read once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunTransposed(ReadOnlySpan<float> w, int ldw, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        Validate(w.Length, ldw, y.Length, x.Length, rows, cols);
        fixed (float* pw = w)
        fixed (float* px = x)
        fixed (float* py = y)
        {
            // Widest first; a narrower width picks up a remainder too short for the wider vector.
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

    /// <summary>A [rows, cols] row-major matrix as a new [cols, rows] one: a layer's [out, in] weight laid out for <see cref="RunTransposed"/>.</summary>
    public static float[] Transpose(ReadOnlySpan<float> w, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || w.Length != rows * cols)
        {
            throw new ArgumentException($"transpose: {w.Length} values are not a [{rows}, {cols}] matrix");
        }

        var t = new float[w.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < cols; j++)
            {
                t[(j * rows) + r] = w[(r * cols) + j];
            }
        }

        return t;
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

}
