using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// <see cref="MatVecInt8"/> with integer dot products (W8A16): x is quantized once per call to int16 with one scale
/// (<see cref="Int16Quantizer"/>), each int8 weight is sign-extended to int16, and adjacent pairs are multiplied and
/// added into int32 (x86 <c>pmaddwd</c>: 16 multiply-adds an instruction at 256 bits, no FMA needed), so a weight
/// costs no shift, mask or conversion to float. y = scale_w[r]·scale_x·Σ in float.
/// </summary>
/// <remarks>
/// Why int32 never overflows, for any x and any cols: |x_q| ≤ <see cref="ActivationLimit"/> = 2¹⁴ − 1 (the quantizer
/// clamps) and |w_q| ≤ 128 (any sbyte; <see cref="Quantize"/> gives ≤ 127). The int32 sums run over one block of at
/// most <see cref="Int16Block"/> = 1024 columns and go into float after it, and every int32 value the kernel forms (a
/// pmaddwd pair, a lane's running sum, a sum of lanes, the scalar tail's sum) is a sum of at most 1024 such
/// products: ≤ 1024·128·16383 = 2,147,352,576 &lt; 2³¹ − 1 = 2,147,483,647. pmaddwd's own wrap (both pairs
/// −32768·−32768) needs a weight of −32768 and cannot occur. Full int16 activations (±32767) would allow only 512
/// columns a block; 2¹⁴ − 1 costs one bit, about 3·10⁻⁵ of max|x| of rounding, far under int8 weights' max|row| / 254.
/// The vector bodies use x86 instructions (SSE4.1 <c>pmovsxbw</c>, SSE2/AVX2/AVX-512BW <c>pmaddwd</c>); elsewhere only
/// the scalar loop runs, correct but slow, and the engine keeps bf16 on ARM64 (whose widening multiply-adds, <c>smlal</c>
/// on int16 or <c>sdot</c> on int8 pairs with an int8 x, would be its form of this kernel; not built).
/// Any thread; no allocation.
/// </remarks>
public static unsafe partial class MatVecInt8
{
    /// <summary>Largest |x_q| (see the overflow bound in the remarks).</summary>
    public const int ActivationLimit = (1 << 14) - 1;

    /// <summary>Columns per int32 pass; the int32 sums go into float after each (see the overflow bound in the remarks).</summary>
    private const int Int16Block = 1024;

    /// <summary>
    /// y[rows] (+)= W[rows, cols] · x like <see cref="Run"/>, with x quantized to int16 (max|x| / 16383 a step) and the
    /// products summed in int32. Same arguments and layout (row r of q at w[r*ldw], scale[r]); a non-finite x gives NaN rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit] // the stack block of x is written (quantized) before it is read, as far as it is read
    public static void RunInt16Activations(ReadOnlySpan<sbyte> w, ReadOnlySpan<float> scale, int ldw, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        Validate(w.Length, scale.Length, ldw, x.Length, y.Length, rows, cols);
        if (RowQuads.Empty(y, rows, cols, accumulate))
        {
            return;
        }

        var xScale = Int16Quantizer.ScaleOf(x[..cols], ActivationLimit);
        var product = float.IsFinite(xScale) ? xScale : float.NaN;
        Span<short> xq = stackalloc short[Int16Block];
        var bits = SimdWidth.Bits;
        fixed (sbyte* pw = w)
        fixed (float* ps = scale)
        fixed (float* py = y)
        fixed (short* px = xq)
        {
            for (var c0 = 0; c0 < cols; c0 += Int16Block)
            {
                var n = Math.Min(Int16Block, cols - c0);
                Int16Quantizer.Quantize(x.Slice(c0, n), xScale, ActivationLimit, xq);
                var add = accumulate || c0 > 0;
                for (var r = 0; r < rows; r += 4)
                {
                    // Rows past the end (the last 1–3 rows) repeat the last row; only the real ones are stored.
                    var p0 = pw + ((long)r * ldw) + c0;
                    var live = RowQuads.Rows(p0, ldw, rows, r, out var p1, out var p2, out var p3);
                    var s = Vector128.ConvertToSingle(DotInt16(p0, p1, p2, p3, px, n, bits));
                    RowQuads.Store(py + r, s * (RowQuads.Load(ps + r, live) * product), live, add);
                }
            }
        }
    }

    /// <summary>
    /// Reference of <see cref="RunInt16Activations"/> (contiguous W): x quantized by <see cref="Int16Quantizer.Reference"/>
    /// with the same scale, exact integer dot products in 64 bits, scaled in double.
    /// </summary>
    public static void ReferenceInt16Activations(ReadOnlySpan<sbyte> w, ReadOnlySpan<float> scale, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        var xScale = Int16Quantizer.ScaleOf(x[..cols], ActivationLimit);
        var xq = new short[cols];
        Int16Quantizer.Reference(x[..cols], xScale, ActivationLimit, xq);
        for (var r = 0; r < rows; r++)
        {
            long sum = 0;
            for (var c = 0; c < cols; c++)
            {
                sum += w[(r * cols) + c] * xq[c];
            }

            var v = float.IsFinite(xScale) ? (float)(sum * (double)scale[r] * xScale) : float.NaN;
            y[r] = accumulate ? y[r] + v : v;
        }
    }

    /// <summary>
    /// Unscaled int32 dot products of four int8 rows (at w0..w3) with the int16 x at <paramref name="x"/> over
    /// <paramref name="n"/> ≤ <see cref="Int16Block"/> columns: per width, each 16-bit load of x serves four rows, one
    /// accumulator a row (the adds have a one-cycle latency; the multiplies are independent of each other), the
    /// accumulators carried down the widths and the four rows reduced together once. Returns [row 0 … row 3].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector128<int> DotInt16(sbyte* w0, sbyte* w1, sbyte* w2, sbyte* w3, short* x, int n, int bits)
    {
        var k = 0;
        Vector128<int> r0 = default, r1 = default, r2 = default, r3 = default;
        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported && bits >= 256 && k + 16 <= n)
        {
            Vector256<int> a = default, b = default, c = default, d = default;
            if (Vector512.IsHardwareAccelerated && Avx512BW.IsSupported && bits >= 512 && k + 32 <= n)
            {
                Vector512<int> e = default, f = default, g = default, h = default;
                for (; k + 32 <= n; k += 32)
                {
                    var xv = Vector512.Load(x + k);
                    e += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(w0 + k)), xv);
                    f += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(w1 + k)), xv);
                    g += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(w2 + k)), xv);
                    h += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(w3 + k)), xv);
                }

                a = e.GetLower() + e.GetUpper();
                b = f.GetLower() + f.GetUpper();
                c = g.GetLower() + g.GetUpper();
                d = h.GetLower() + h.GetUpper();
            }

            for (; k + 16 <= n; k += 16)
            {
                var xv = Vector256.Load(x + k);
                a += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w0 + k), xv);
                b += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w1 + k), xv);
                c += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w2 + k), xv);
                d += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w3 + k), xv);
            }

            r0 = a.GetLower() + a.GetUpper();
            r1 = b.GetLower() + b.GetUpper();
            r2 = c.GetLower() + c.GetUpper();
            r3 = d.GetLower() + d.GetUpper();
        }

        if (Vector128.IsHardwareAccelerated && Sse41.IsSupported && bits >= 128 && k + 8 <= n)
        {
            for (; k + 8 <= n; k += 8)
            {
                var xv = Vector128.Load(x + k);
                r0 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(w0 + k), xv);
                r1 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(w1 + k), xv);
                r2 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(w2 + k), xv);
                r3 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(w3 + k), xv);
            }
        }

        int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (; k < n; k++)
        {
            s0 += w0[k] * x[k];
            s1 += w1[k] * x[k];
            s2 += w2[k] * x[k];
            s3 += w3[k] * x[k];
        }

        return VectorReduce.Sum4(r0, r1, r2, r3) + Vector128.Create(s0, s1, s2, s3);
    }
}
