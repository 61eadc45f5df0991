using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// <see cref="MatVec"/> with the matrix in symmetric int8, one scale per row (W[r, c] ≈ scale[r]·q[r, c], q in
/// −127..127; x, y and accumulation in float): a quarter of the bytes of float weights, half of bfloat16's.
/// Vector bodies for every width in MatVecInt8.Kernels.cs. Inference only. Any thread; no allocation.
/// </summary>
public static unsafe partial class MatVecInt8
{
    /// <summary>Columns per pass of <see cref="Run"/>: x is split into its four column phases on the stack, this many at a time.</summary>
    private const int Chunk = 2048;

    /// <summary>
    /// Quantizes W [rows, cols] row by row (<see cref="QuantizeRow"/>). Fails on a NaN or infinite weight, naming
    /// the row.
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> w, int rows, int cols, Span<sbyte> q, Span<float> scale)
    {
        if (rows < 0 || cols < 0 || w.Length < (long)rows * cols || q.Length < (long)rows * cols || scale.Length < rows)
        {
            throw new ArgumentException($"int8 quantize: {rows}x{cols} needs {(long)rows * cols} weights and {rows} scales, got {w.Length} floats, {q.Length} bytes, {scale.Length} scales");
        }

        for (var r = 0; r < rows; r++)
        {
            scale[r] = QuantizeRow(w.Slice(r * cols, cols), q.Slice(r * cols, cols));
            if (float.IsNaN(scale[r]))
            {
                throw new ArgumentException($"int8 quantize: row {r} holds a NaN or infinite weight; only finite weights can be quantized", nameof(w));
            }
        }
    }

    /// <summary>
    /// One row: returns scale = max|x| / 127 and writes q = round(x / scale) (an all-zero row gets scale 0 and
    /// zeros). A NaN or infinite value gives a NaN scale and zeros, so what reads the row sees NaN, as it would
    /// from float storage. No allocation.
    /// </summary>
    public static float QuantizeRow(ReadOnlySpan<float> x, Span<sbyte> q)
    {
        var max = 0f;
        foreach (var v in x)
        {
            max = float.IsFinite(v) ? Math.Max(max, Math.Abs(v)) : float.NaN;
            if (float.IsNaN(max))
            {
                break;
            }
        }

        if (float.IsNaN(max))
        {
            q[..x.Length].Clear();
            return float.NaN;
        }

        var s = max / 127f;
        var inverse = s > 0 ? 1f / s : 0f;
        for (var c = 0; c < x.Length; c++)
        {
            q[c] = (sbyte)Math.Clamp(MathF.Round(x[c] * inverse), -127f, 127f);
        }

        return s;
    }

    /// <summary>
    /// y[rows] (+)= W[rows, cols] · x, row r of q at w[r*ldw] with scale[r]. Four int8 read as one 32-bit lane
    /// give their floats with an integer shift and/or mask each (byte j moved to the top byte) and one conversion,
    /// no widening shuffle; so x is split into its four column phases (x[4i + j]) once per call (per
    /// <see cref="Chunk"/> columns), and each row's dot product is Σ_j Σ_i q[4i + j]·x[4i + j], times the row's
    /// scale at the end. Little-endian layout (x86, ARM64).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<sbyte> w, ReadOnlySpan<float> scale, int ldw, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        Validate(w.Length, scale.Length, ldw, x.Length, y.Length, rows, cols);
        if (RowQuads.Empty(y, rows, cols, accumulate))
        {
            return;
        }

        Span<float> split = stackalloc float[Chunk];
        var bits = SimdWidth.Bits;
        fixed (sbyte* pw = w)
        fixed (float* ps = scale)
        fixed (float* px = x)
        fixed (float* py = y)
        fixed (float* xs = split)
        {
            const int phase = Chunk / 4;
            for (var c0 = 0; c0 < cols; c0 += Chunk)
            {
                var n = Math.Min(Chunk, cols - c0);
                var quads = n / 4;
                for (var k = 0; k < quads; k++)
                {
                    var src = px + c0 + (4 * k);
                    xs[k] = src[0];
                    xs[phase + k] = src[1];
                    xs[(2 * phase) + k] = src[2];
                    xs[(3 * phase) + k] = src[3];
                }

                var add = accumulate || c0 > 0;
                for (var r = 0; r < rows; r += 4)
                {
                    // Rows past the end (the last 1–3 rows) repeat the last row; only the real ones are stored.
                    var p0 = pw + ((long)r * ldw) + c0;
                    var live = RowQuads.Rows(p0, ldw, rows, r, out var p1, out var p2, out var p3);
                    var s = Dot4((int*)p0, (int*)p1, (int*)p2, (int*)p3, xs, quads, bits);
                    for (var c = 4 * quads; c < n; c++)
                    {
                        s += Vector128.Create((float)p0[c], p1[c], p2[c], p3[c]) * px[c0 + c];
                    }

                    RowQuads.Store(py + r, s * RowQuads.Load(ps + r, live), live, add);
                }
            }
        }
    }

    /// <summary>Reference: widens W to float (q·scale per row) and runs <see cref="MatVec.Reference"/>'s double loops (contiguous W).</summary>
    public static void Reference(ReadOnlySpan<sbyte> w, ReadOnlySpan<float> scale, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        MatVec.Reference(Dequantize(w, scale, rows, cols), x, y, rows, cols, accumulate);
    }

    /// <summary>W ≈ scale[r]·q[r, c] as floats [rows, cols] (contiguous q).</summary>
    public static float[] Dequantize(ReadOnlySpan<sbyte> w, ReadOnlySpan<float> scale, int rows, int cols)
    {
        var wf = new float[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                wf[(r * cols) + c] = w[(r * cols) + c] * scale[r];
            }
        }

        return wf;
    }

    private static void Validate(int wLen, int scaleLen, int ldw, int xLen, int yLen, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || ldw < cols)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"int8 matvec sizes rows={rows} cols={cols} ldw={ldw}");
        }

        if (rows > 0 && cols > 0 && (long)(rows - 1) * ldw + cols > wLen)
        {
            throw new ArgumentException($"int8 matvec W: needs {(long)(rows - 1) * ldw + cols} elements but has {wLen}");
        }

        if (scaleLen < rows || xLen < cols || yLen < rows)
        {
            throw new ArgumentException($"int8 matvec: {scaleLen} scales (needs {rows}), input has {xLen} (needs {cols}), output has {yLen} (needs {rows})");
        }
    }
}
