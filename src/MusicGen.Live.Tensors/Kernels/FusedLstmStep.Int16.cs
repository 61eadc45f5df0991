using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

// One group's int16 body: (the group's weight pairs, its column scales [2 segments, 64], the v scales of the two
// segments, bias, quantized v as pairs, input pairs, hidden pairs, float gate scratch [64], c, h).
using unsafe Int16Body = delegate*<int*, float*, float, float, float*, int*, int, int, float*, float*, float*, void>;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The int16 form of <see cref="FusedLstmStep"/>, for x86, where one instruction (pmaddwd: <c>Sse2</c>, <c>Avx2</c>,
/// <c>Avx512BW.MultiplyAddAdjacent</c>) multiplies adjacent int16 pairs and adds each pair into an int32 lane: two
/// multiply-adds a lane without FMA, so SSE2 does eight per instruction where float SSE needs a multiply and an add
/// for four. Weights are packed as pairs of rows: per group and pair of rows (r, r + 1), 64 int32 lanes in the float
/// layout's column order, lane j holding column j's weights of row r (low) and r + 1 (high). v is quantized every
/// step, each of its two segments (the input rows and the hidden rows, whose ranges differ) with its own scale, and
/// each column's weights have one scale per segment, so the gates are the sum over segments of
/// scale_w[segment, column] · scale_v[segment] · (integer sum), plus the float bias; then the float cell.
/// </summary>
/// <remarks>
/// Why the int32 sums never overflow, whatever the weights and v: both are quantized to 13-bit signed values,
/// |q| ≤ <see cref="Int16Max"/> = 4095 (the largest magnitude maps to ±4095, rounded to nearest, and the quantizer
/// clamps, so no value can exceed it). One pmaddwd lane adds two products: |a·b + c·d| ≤ 2 · 4095² &lt; 2^25, and
/// pmaddwd's only wrapping case (both pairs -32768 · -32768) cannot occur. An int32 accumulator takes
/// <see cref="FlushPairs"/> = 32 such lanes before it is flushed into the float gates: |sum| ≤ 64 · 4095² =
/// 1 073 217 600 &lt; 2^30 &lt; 2^31. Odd input rows get a zero row (weights and v) so a pair never spans both segments.
/// A non-finite v makes its segment's scale NaN or infinite, so the gates and h are NaN (as the float step's would be)
/// and the caller's output check sees it. bodies in FusedLstmStep.KernelsInt16.cs.
/// </remarks>
public static unsafe partial class FusedLstmStep
{
    /// <summary>Largest quantized magnitude: 13-bit signed values (see the remarks for why this bound).</summary>
    public const int Int16Max = 4095;

    /// <summary>Row pairs an int32 accumulator takes before it is flushed into float: 64 · 4095² &lt; 2^30.</summary>
    public const int FlushPairs = 32;

    /// <summary>Row pairs of an input segment of <paramref name="inputRows"/> rows (odd: one zero row added).</summary>
    public static int InputPairs(int inputRows) => (inputRows + 1) / 2;

    /// <summary>int16 values of the quantized v for a step: the input pairs and the padded hidden rows.</summary>
    public static int Int16ScratchLength(int inputRows, int groups) => (2 * InputPairs(inputRows)) + (groups * GroupSize);

    /// <summary>
    /// <see cref="Pack"/> as 13-bit integers in int16 pairs of rows, group-major [groups, pairs, 64 columns, 2 rows], and
    /// the scales [groups, 2 segments (input, hidden), 64 columns]: a column's largest magnitude in a segment maps to
    /// ±<see cref="Int16Max"/> (a zero column has scale 0).
    /// </summary>
    public static (short[] Weights, float[] Scales) PackInt16(ReadOnlySpan<float> weightIh, int input, int inputRows, ReadOnlySpan<float> weightHh, int hidden)
    {
        _ = CheckPack(weightIh.Length, input, inputRows, weightHh.Length, hidden);
        var padded = PaddedHidden(hidden);
        var inPairs = InputPairs(inputRows);
        var pairs = inPairs + (padded / 2);
        var weights = new short[Groups(hidden) * pairs * GroupWidth * 2];
        var scales = new float[Groups(hidden) * 2 * GroupWidth];
        for (var g = 0; g < Groups(hidden); g++)
        {
            for (var j = 0; j < GroupWidth; j++)
            {
                var gate = j / GroupSize;
                var unit = (g * GroupSize) + (j % GroupSize);
                for (var segment = 0; segment < 2; segment++)
                {
                    // The segment's rows in the packed order (pair p, half k) and in Weight's row numbering.
                    var (first, count, firstPair) = segment == 0 ? (0, inputRows, 0) : (inputRows, padded, inPairs);
                    var column = new float[count];
                    for (var k = 0; k < count; k++)
                    {
                        column[k] = Weight(weightIh, input, inputRows, weightHh, hidden, gate, unit, first + k);
                    }

                    var (q, scale) = QuantizeReference(column);
                    scales[(((g * 2) + segment) * GroupWidth) + j] = scale;
                    for (var k = 0; k < count; k++)
                    {
                        weights[(((((g * pairs) + firstPair + (k / 2)) * GroupWidth) + j) * 2) + (k % 2)] = q[k];
                    }
                }
            }
        }

        return (weights, scales);
    }

    /// <summary>
    /// As the float <c>Run</c>, weights and scales packed by <see cref="PackInt16"/>: v [inputRows + groups·16] is
    /// quantized into <paramref name="scratch"/> (<see cref="Int16ScratchLength"/> values) first.
    /// </summary>
    [SkipLocalsInit]
    public static void Run(
        ReadOnlySpan<short> weights, ReadOnlySpan<float> scales, ReadOnlySpan<float> bias, ReadOnlySpan<float> v, Span<short> scratch,
        Span<float> c, Span<float> h, int inputRows, int groups)
    {
        var rows = inputRows + (groups * GroupSize);
        var inPairs = InputPairs(inputRows);
        var pairs = inPairs + (groups * GroupSize / 2);
        // In Check's terms a row is a pair of rows: 64 int32 lanes of two int16 each.
        Check(weights.Length / 2, bias.Length, v.Length, c.Length, h.Length, pairs, groups, v.Overlaps(h));
        if (inputRows < 0 || scales.Length < groups * 2 * GroupWidth || scratch.Length < Int16ScratchLength(inputRows, groups) || v.Length < rows)
        {
            throw new ArgumentException($"fused lstm step (int16): input rows {inputRows}, {groups} groups do not fit scales ({scales.Length}), scratch ({scratch.Length}), v ({v.Length})");
        }

        var gates = stackalloc float[GroupWidth];
        fixed (short* pw = weights)
        fixed (float* ps = scales)
        fixed (float* pb = bias)
        fixed (float* pv = v)
        fixed (short* pq = scratch)
        fixed (float* pc = c)
        fixed (float* ph = h)
        {
            var inScale = QuantizeSegment(pv, inputRows, pq);
            if ((inputRows & 1) != 0)
            {
                pq[inputRows] = 0;
            }

            var hiddenScale = QuantizeSegment(pv + inputRows, groups * GroupSize, pq + (2 * inPairs));
            var body = Int16BodyFor();
            var groupInts = (long)pairs * GroupWidth;
            for (var g = 0; g < groups; g++)
            {
                var u = g * GroupSize;
                body((int*)pw + (g * groupInts), ps + (g * 2 * GroupWidth), inScale, hiddenScale, pb + (g * GroupWidth), (int*)pq, inPairs, pairs - inPairs, gates, pc + u, ph + u);
            }
        }
    }

    /// <summary>
    /// The quantized step from PyTorch's layout, plainly: each gate row's weights quantized per segment (input, hidden)
    /// as <see cref="PackInt16"/> does, x and hPrev as <c>Run</c> quantizes v, exact integer sums, then
    /// gates = Σ scale_w · scale_v · sum + b_ih + b_hh in double and <see cref="LstmCell.Reference"/>.
    /// </summary>
    public static void ReferenceInt16(
        ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh, ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh,
        ReadOnlySpan<float> x, ReadOnlySpan<float> hPrev, Span<float> c, Span<float> h, int input, int hidden)
    {
        var (xq, xScale) = QuantizeReference(x[..input]);
        var (hq, hScale) = QuantizeReference(hPrev[..hidden]);
        var gates = new float[4 * hidden];
        for (var j = 0; j < 4 * hidden; j++)
        {
            var s = (double)biasIh[j] + biasHh[j];
            s += Dot(weightIh.Slice(j * input, input), xq) * (double)xScale;
            s += Dot(weightHh.Slice(j * hidden, hidden), hq) * (double)hScale;
            gates[j] = (float)s;
        }

        LstmCell.Reference(gates, c, c, h, 1, hidden);

        // One gate row's segment: its weights quantized with their own scale, dotted exactly with the quantized v.
        static double Dot(ReadOnlySpan<float> w, short[] q)
        {
            var (wq, wScale) = QuantizeReference(w);
            long sum = 0;
            for (var k = 0; k < w.Length; k++)
            {
                sum += wq[k] * (long)q[k];
            }

            return sum * (double)wScale;
        }
    }

    // One segment (a column's weights, or v's input or hidden rows) quantized element by element, as Run's segments are.
    private static (short[] Q, float Scale) QuantizeReference(ReadOnlySpan<float> values)
    {
        var scale = Int16Quantizer.ScaleOf(values, Int16Max);
        var q = new short[values.Length];
        Int16Quantizer.Reference(values, scale, Int16Max, q);
        return (q, scale);
    }

    /// <summary>
    /// q[..n] ← v[..n] in 13-bit integers, the segment's largest magnitude at ±<see cref="Int16Max"/>; returns the scale
    /// (v ≈ q · scale). <see cref="Int16Quantizer"/>, whose vector bodies quantize bit for bit as its reference does, so
    /// every width and <see cref="ReferenceInt16"/> agree; a non-finite v gives a NaN scale and zeros, so the gates are NaN.
    /// </summary>
    private static float QuantizeSegment(float* v, int n, short* q)
    {
        var x = new ReadOnlySpan<float>(v, n);
        var scale = Int16Quantizer.ScaleOf(x, Int16Max);
        Int16Quantizer.Quantize(x, scale, Int16Max, new Span<short>(q, n));
        return scale;
    }

    // The int16 body for this thread's width: pmaddwd at 512 (AVX-512BW), 256 (AVX2) and 128 bits (SSE2), else scalar.
    private static Int16Body Int16BodyFor()
    {
        var bits = SimdWidth.Bits;
        return Vector512.IsHardwareAccelerated && Avx512BW.IsSupported && bits >= 512 ? &Group512Int16
            : Vector256.IsHardwareAccelerated && Avx2.IsSupported && bits >= 256 ? &Group256Int16
            : Vector128.IsHardwareAccelerated && Sse2.IsSupported && bits >= 128 ? &Group128Int16
            : &GroupScalarInt16;
    }
}
