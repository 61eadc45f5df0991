using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The vector bodies of <see cref="MatVecInt8"/>, one per width (Vector512, Vector256, Vector128). int8 becomes
/// float by integer shifts and a conversion at every width; <see cref="SimdWidth"/> picks the widest per call
/// and narrower ones finish a remainder before the scalar tail.
/// </summary>
public static unsafe partial class MatVecInt8
{
    /// <summary>
    /// Unscaled dot products of four rows (at w0..w3, four int8 per 32-bit lane) against x split into its four
    /// column phases at <paramref name="xs"/> (<see cref="Chunk"/> / 4 apart): eight multiply-add chains (two per
    /// row, each taking two of the four phases), and each load of x serves four rows. As in
    /// <see cref="MatVecBf16"/>, the accumulators are carried down the widths and the four rows reduced together
    /// once (<see cref="VectorReduce.Sum4"/>). Returns [row 0, row 1, row 2, row 3].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector128<float> Dot4(int* w0, int* w1, int* w2, int* w3, float* xs, int quads, int bits)
    {
        var x0 = xs;
        var x1 = xs + (Chunk / 4);
        var x2 = xs + (2 * (Chunk / 4));
        var x3 = xs + (3 * (Chunk / 4));
        var k = 0;
        Vector128<float> r0 = default, r1 = default, r2 = default, r3 = default;
        if (Vector256.IsHardwareAccelerated && bits >= 256 && k + 8 <= quads)
        {
            Vector256<float> a0 = default, a1 = default, b0 = default, b1 = default;
            Vector256<float> c0 = default, c1 = default, d0 = default, d1 = default;
            if (Vector512.IsHardwareAccelerated && bits >= 512 && k + 16 <= quads)
            {
                Vector512<float> e0 = default, e1 = default, f0 = default, f1 = default;
                Vector512<float> g0 = default, g1 = default, h0 = default, h1 = default;
                for (; k + 16 <= quads; k += 16)
                {
                    var y0 = Vector512.Load(x0 + k);
                    var y1 = Vector512.Load(x1 + k);
                    var y2 = Vector512.Load(x2 + k);
                    var y3 = Vector512.Load(x3 + k);
                    var p = Vector512.Load(w0 + k);
                    e0 = Vector512.FusedMultiplyAdd(Byte0(p), y0, e0);
                    e1 = Vector512.FusedMultiplyAdd(Byte1(p), y1, e1);
                    e0 = Vector512.FusedMultiplyAdd(Byte2(p), y2, e0);
                    e1 = Vector512.FusedMultiplyAdd(Byte3(p), y3, e1);
                    var q = Vector512.Load(w1 + k);
                    f0 = Vector512.FusedMultiplyAdd(Byte0(q), y0, f0);
                    f1 = Vector512.FusedMultiplyAdd(Byte1(q), y1, f1);
                    f0 = Vector512.FusedMultiplyAdd(Byte2(q), y2, f0);
                    f1 = Vector512.FusedMultiplyAdd(Byte3(q), y3, f1);
                    var u = Vector512.Load(w2 + k);
                    g0 = Vector512.FusedMultiplyAdd(Byte0(u), y0, g0);
                    g1 = Vector512.FusedMultiplyAdd(Byte1(u), y1, g1);
                    g0 = Vector512.FusedMultiplyAdd(Byte2(u), y2, g0);
                    g1 = Vector512.FusedMultiplyAdd(Byte3(u), y3, g1);
                    var v = Vector512.Load(w3 + k);
                    h0 = Vector512.FusedMultiplyAdd(Byte0(v), y0, h0);
                    h1 = Vector512.FusedMultiplyAdd(Byte1(v), y1, h1);
                    h0 = Vector512.FusedMultiplyAdd(Byte2(v), y2, h0);
                    h1 = Vector512.FusedMultiplyAdd(Byte3(v), y3, h1);
                }

                a0 = VectorReduce.Fold(e0 + e1);
                b0 = VectorReduce.Fold(f0 + f1);
                c0 = VectorReduce.Fold(g0 + g1);
                d0 = VectorReduce.Fold(h0 + h1);
            }

            for (; k + 8 <= quads; k += 8)
            {
                var y0 = Vector256.Load(x0 + k);
                var y1 = Vector256.Load(x1 + k);
                var y2 = Vector256.Load(x2 + k);
                var y3 = Vector256.Load(x3 + k);
                var p = Vector256.Load(w0 + k);
                a0 = Vector256.FusedMultiplyAdd(Byte0(p), y0, a0);
                a1 = Vector256.FusedMultiplyAdd(Byte1(p), y1, a1);
                a0 = Vector256.FusedMultiplyAdd(Byte2(p), y2, a0);
                a1 = Vector256.FusedMultiplyAdd(Byte3(p), y3, a1);
                var q = Vector256.Load(w1 + k);
                b0 = Vector256.FusedMultiplyAdd(Byte0(q), y0, b0);
                b1 = Vector256.FusedMultiplyAdd(Byte1(q), y1, b1);
                b0 = Vector256.FusedMultiplyAdd(Byte2(q), y2, b0);
                b1 = Vector256.FusedMultiplyAdd(Byte3(q), y3, b1);
                var u = Vector256.Load(w2 + k);
                c0 = Vector256.FusedMultiplyAdd(Byte0(u), y0, c0);
                c1 = Vector256.FusedMultiplyAdd(Byte1(u), y1, c1);
                c0 = Vector256.FusedMultiplyAdd(Byte2(u), y2, c0);
                c1 = Vector256.FusedMultiplyAdd(Byte3(u), y3, c1);
                var v = Vector256.Load(w3 + k);
                d0 = Vector256.FusedMultiplyAdd(Byte0(v), y0, d0);
                d1 = Vector256.FusedMultiplyAdd(Byte1(v), y1, d1);
                d0 = Vector256.FusedMultiplyAdd(Byte2(v), y2, d0);
                d1 = Vector256.FusedMultiplyAdd(Byte3(v), y3, d1);
            }

            r0 = VectorReduce.Fold(a0 + a1);
            r1 = VectorReduce.Fold(b0 + b1);
            r2 = VectorReduce.Fold(c0 + c1);
            r3 = VectorReduce.Fold(d0 + d1);
        }

        if (Vector128.IsHardwareAccelerated && bits >= 128 && k + 4 <= quads)
        {
            Vector128<float> a1 = default, b1 = default, c1 = default, d1 = default;
            for (; k + 4 <= quads; k += 4)
            {
                var y0 = Vector128.Load(x0 + k);
                var y1 = Vector128.Load(x1 + k);
                var y2 = Vector128.Load(x2 + k);
                var y3 = Vector128.Load(x3 + k);
                var p = Vector128.Load(w0 + k);
                r0 = Vector128.MultiplyAddEstimate(Byte0(p), y0, r0);
                a1 = Vector128.MultiplyAddEstimate(Byte1(p), y1, a1);
                r0 = Vector128.MultiplyAddEstimate(Byte2(p), y2, r0);
                a1 = Vector128.MultiplyAddEstimate(Byte3(p), y3, a1);
                var q = Vector128.Load(w1 + k);
                r1 = Vector128.MultiplyAddEstimate(Byte0(q), y0, r1);
                b1 = Vector128.MultiplyAddEstimate(Byte1(q), y1, b1);
                r1 = Vector128.MultiplyAddEstimate(Byte2(q), y2, r1);
                b1 = Vector128.MultiplyAddEstimate(Byte3(q), y3, b1);
                var u = Vector128.Load(w2 + k);
                r2 = Vector128.MultiplyAddEstimate(Byte0(u), y0, r2);
                c1 = Vector128.MultiplyAddEstimate(Byte1(u), y1, c1);
                r2 = Vector128.MultiplyAddEstimate(Byte2(u), y2, r2);
                c1 = Vector128.MultiplyAddEstimate(Byte3(u), y3, c1);
                var v = Vector128.Load(w3 + k);
                r3 = Vector128.MultiplyAddEstimate(Byte0(v), y0, r3);
                d1 = Vector128.MultiplyAddEstimate(Byte1(v), y1, d1);
                r3 = Vector128.MultiplyAddEstimate(Byte2(v), y2, r3);
                d1 = Vector128.MultiplyAddEstimate(Byte3(v), y3, d1);
            }

            r0 += a1;
            r1 += b1;
            r2 += c1;
            r3 += d1;
        }

        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (; k < quads; k++)
        {
            s0 += Quad(w0[k], x0[k], x1[k], x2[k], x3[k]);
            s1 += Quad(w1[k], x0[k], x1[k], x2[k], x3[k]);
            s2 += Quad(w2[k], x0[k], x1[k], x2[k], x3[k]);
            s3 += Quad(w3[k], x0[k], x1[k], x2[k], x3[k]);
        }

        var tail = Vector128.Create(s0, s1, s2, s3);
        return Vector128.IsHardwareAccelerated ? (VectorReduce.Sum4(r0, r1, r2, r3) * Unshift) + tail : tail;
    }

    /// <summary>2⁻²⁴: the vector bodies' byte values come out 2²⁴ times too large (see <see cref="Byte0(Vector512{int})"/>).</summary>
    private const float Unshift = 1f / 16777216f;

    /// <summary>Mask of a 32-bit lane's top byte.</summary>
    private const int TopByte = unchecked((int)0xFF000000);

    /// <summary>The four int8 of one 32-bit lane (little-endian: byte j is column 4i + j) dotted with their x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Quad(int v, float x0, float x1, float x2, float x3) =>
        ((sbyte)v * x0) + ((sbyte)(v >> 8) * x1) + ((sbyte)(v >> 16) * x2) + ((sbyte)(v >> 24) * x3);

    /// <summary>
    /// Byte j of each 32-bit lane, times 2²⁴, as float: moved to the top byte (shift left; the lower bytes masked
    /// off) it is a signed int32 of b·2²⁴, which converts exactly (eight significant bits). One shift or mask or
    /// both per byte, three shifts in all where sign-extending each byte down would take seven, and masks run on
    /// more pipes than shifts. <see cref="Unshift"/> takes the 2²⁴ out once per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Byte0(Vector512<int> v) => Vector512.ConvertToSingle(Vector512.ShiftLeft(v, 24));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Byte1(Vector512<int> v) => Vector512.ConvertToSingle(Vector512.ShiftLeft(v, 16) & Vector512.Create(TopByte));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Byte2(Vector512<int> v) => Vector512.ConvertToSingle(Vector512.ShiftLeft(v, 8) & Vector512.Create(TopByte));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Byte3(Vector512<int> v) => Vector512.ConvertToSingle(v & Vector512.Create(TopByte));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Byte0(Vector256<int> v) => Vector256.ConvertToSingle(Vector256.ShiftLeft(v, 24));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Byte1(Vector256<int> v) => Vector256.ConvertToSingle(Vector256.ShiftLeft(v, 16) & Vector256.Create(TopByte));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Byte2(Vector256<int> v) => Vector256.ConvertToSingle(Vector256.ShiftLeft(v, 8) & Vector256.Create(TopByte));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Byte3(Vector256<int> v) => Vector256.ConvertToSingle(v & Vector256.Create(TopByte));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Byte0(Vector128<int> v) => Vector128.ConvertToSingle(Vector128.ShiftLeft(v, 24));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Byte1(Vector128<int> v) => Vector128.ConvertToSingle(Vector128.ShiftLeft(v, 16) & Vector128.Create(TopByte));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Byte2(Vector128<int> v) => Vector128.ConvertToSingle(Vector128.ShiftLeft(v, 8) & Vector128.Create(TopByte));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Byte3(Vector128<int> v) => Vector128.ConvertToSingle(v & Vector128.Create(TopByte));
}
