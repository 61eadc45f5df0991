using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>The weighted-sum half of <see cref="IntegerAttention"/>: Σ_t p[t] · v[t] per dimension, in int32.</summary>
public static unsafe partial class IntegerAttention
{
    /// <summary>
    /// output[d] = weightScale · Σ_t w[t] · v[t, d] for d &lt; headDim over t &lt; count, one head's values in
    /// <see cref="ValueIndex"/> layout (at least <see cref="ValueBytes"/>(count); with an odd count the last pair's
    /// second position is read and multiplied by zero, so it must be readable, any value). The caller folds each
    /// position's value scale into its weight before quantizing the weights. Blocks of dimensions, each held in
    /// int32 registers across the positions (per position pair one broadcast (w[t], w[t + 1]) and one widening load
    /// and pmaddwd per 8 (AVX2) dimensions), flushed into float in <paramref name="output"/> every
    /// <see cref="FlushPairs"/> pairs.
    /// </summary>
    public static void WeightedSum(ReadOnlySpan<sbyte> values, ReadOnlySpan<short> w, float weightScale, Span<float> output, int headDim, int count)
    {
        CheckHead(headDim);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (values.Length < ValueBytes(count, headDim) || w.Length < count || output.Length < headDim)
        {
            throw new ArgumentException($"integer attention weighted sum: buffers too short for {count} positions of head size {headDim} "
                + $"(values {values.Length}, weights {w.Length}, output {output.Length})");
        }

        output[..headDim].Clear();
        var full = count / 2;
        var pairs = (count + 1) / 2;

        // The odd last position's weight with a zero beside it, as pmaddwd reads a pair: (w[t], 0) in one int32.
        var last = count % 2 == 1 ? (int)(ushort)w[count - 1] : 0;
        var bits = SimdWidth.Bits;
        fixed (sbyte* pv = values)
        fixed (short* pw = w)
        fixed (float* py = output)
        {
            for (var p0 = 0; p0 < pairs; p0 += FlushPairs)
            {
                var p1 = Math.Min(pairs, p0 + FlushPairs);
                Flush(pv, (int*)pw, p0, p1, full, last, headDim, py, bits);
            }

            for (var d = 0; d < headDim; d++)
            {
                py[d] *= weightScale;
            }
        }
    }

    /// <summary>
    /// Plain reference of <see cref="WeightedSum"/> on unpacked values (v[t · headDim + d]): sums exact in long, then
    /// scaled in double.
    /// </summary>
    public static void WeightedSumReference(ReadOnlySpan<sbyte> v, ReadOnlySpan<short> w, float weightScale, Span<float> output, int headDim, int count)
    {
        for (var d = 0; d < headDim; d++)
        {
            long sum = 0;
            for (var t = 0; t < count; t++)
            {
                sum += v[(t * headDim) + d] * w[t];
            }

            output[d] = (float)((double)weightScale * sum);
        }
    }

    /// <summary>
    /// Pairs [p0, p1) of every dimension added into y as float (at most <see cref="FlushPairs"/> of them: one int32
    /// accumulation). Pairs below <paramref name="full"/> read their weights at w; pair <paramref name="full"/> (an odd
    /// count's last) takes <paramref name="last"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Flush(sbyte* v, int* w, int p0, int p1, int full, int last, int headDim, float* y, int bits)
    {
        var row = 2 * headDim;
        var d = 0;
        if (Vector512.IsHardwareAccelerated && Avx512BW.IsSupported && bits >= 512)
        {
            for (; d + 64 <= headDim; d += 64)
            {
                Vector512<int> a0 = default, a1 = default, a2 = default, a3 = default;
                var p = v + ((long)p0 * row) + (2 * d);
                for (var j = p0; j < p1; j++, p += row)
                {
                    var b = Vector512.Create(j < full ? w[j] : last).AsInt16();
                    a0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(p)), b);
                    a1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(p + 32)), b);
                    a2 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(p + 64)), b);
                    a3 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(p + 96)), b);
                }

                (Vector512.Load(y + d) + Vector512.ConvertToSingle(a0)).Store(y + d);
                (Vector512.Load(y + d + 16) + Vector512.ConvertToSingle(a1)).Store(y + d + 16);
                (Vector512.Load(y + d + 32) + Vector512.ConvertToSingle(a2)).Store(y + d + 32);
                (Vector512.Load(y + d + 48) + Vector512.ConvertToSingle(a3)).Store(y + d + 48);
            }

            for (; d + 16 <= headDim; d += 16)
            {
                Vector512<int> a0 = default;
                var p = v + ((long)p0 * row) + (2 * d);
                for (var j = p0; j < p1; j++, p += row)
                {
                    a0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(p)), Vector512.Create(j < full ? w[j] : last).AsInt16());
                }

                (Vector512.Load(y + d) + Vector512.ConvertToSingle(a0)).Store(y + d);
            }
        }

        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported && bits >= 256)
        {
            for (; d + 64 <= headDim; d += 64)
            {
                Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
                var p = v + ((long)p0 * row) + (2 * d);
                for (var j = p0; j < p1; j++, p += row)
                {
                    var b = Vector256.Create(j < full ? w[j] : last).AsInt16();
                    a0 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(p), b);
                    a1 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(p + 16), b);
                    a2 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(p + 32), b);
                    a3 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(p + 48), b);
                    a4 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(p + 64), b);
                    a5 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(p + 80), b);
                    a6 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(p + 96), b);
                    a7 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(p + 112), b);
                }

                (Vector256.Load(y + d) + Vector256.ConvertToSingle(a0)).Store(y + d);
                (Vector256.Load(y + d + 8) + Vector256.ConvertToSingle(a1)).Store(y + d + 8);
                (Vector256.Load(y + d + 16) + Vector256.ConvertToSingle(a2)).Store(y + d + 16);
                (Vector256.Load(y + d + 24) + Vector256.ConvertToSingle(a3)).Store(y + d + 24);
                (Vector256.Load(y + d + 32) + Vector256.ConvertToSingle(a4)).Store(y + d + 32);
                (Vector256.Load(y + d + 40) + Vector256.ConvertToSingle(a5)).Store(y + d + 40);
                (Vector256.Load(y + d + 48) + Vector256.ConvertToSingle(a6)).Store(y + d + 48);
                (Vector256.Load(y + d + 56) + Vector256.ConvertToSingle(a7)).Store(y + d + 56);
            }

            for (; d + 8 <= headDim; d += 8)
            {
                Vector256<int> a0 = default;
                var p = v + ((long)p0 * row) + (2 * d);
                for (var j = p0; j < p1; j++, p += row)
                {
                    a0 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(p), Vector256.Create(j < full ? w[j] : last).AsInt16());
                }

                (Vector256.Load(y + d) + Vector256.ConvertToSingle(a0)).Store(y + d);
            }
        }

        if (Vector128.IsHardwareAccelerated && Sse41.IsSupported && bits >= 128)
        {
            for (; d + 32 <= headDim; d += 32)
            {
                Vector128<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
                var p = v + ((long)p0 * row) + (2 * d);
                for (var j = p0; j < p1; j++, p += row)
                {
                    var b = Vector128.Create(j < full ? w[j] : last).AsInt16();
                    a0 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(p), b);
                    a1 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(p + 8), b);
                    a2 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(p + 16), b);
                    a3 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(p + 24), b);
                    a4 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(p + 32), b);
                    a5 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(p + 40), b);
                    a6 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(p + 48), b);
                    a7 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(p + 56), b);
                }

                (Vector128.Load(y + d) + Vector128.ConvertToSingle(a0)).Store(y + d);
                (Vector128.Load(y + d + 4) + Vector128.ConvertToSingle(a1)).Store(y + d + 4);
                (Vector128.Load(y + d + 8) + Vector128.ConvertToSingle(a2)).Store(y + d + 8);
                (Vector128.Load(y + d + 12) + Vector128.ConvertToSingle(a3)).Store(y + d + 12);
                (Vector128.Load(y + d + 16) + Vector128.ConvertToSingle(a4)).Store(y + d + 16);
                (Vector128.Load(y + d + 20) + Vector128.ConvertToSingle(a5)).Store(y + d + 20);
                (Vector128.Load(y + d + 24) + Vector128.ConvertToSingle(a6)).Store(y + d + 24);
                (Vector128.Load(y + d + 28) + Vector128.ConvertToSingle(a7)).Store(y + d + 28);
            }

            for (; d + 4 <= headDim; d += 4)
            {
                Vector128<int> a0 = default;
                var p = v + ((long)p0 * row) + (2 * d);
                for (var j = p0; j < p1; j++, p += row)
                {
                    a0 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(p), Vector128.Create(j < full ? w[j] : last).AsInt16());
                }

                (Vector128.Load(y + d) + Vector128.ConvertToSingle(a0)).Store(y + d);
            }
        }

        // The scalar body (ARM64, no SIMD) and the dimensions no vector covered, in the same int32 arithmetic.
        for (; d < headDim; d++)
        {
            var sum = 0;
            var p = v + ((long)p0 * row) + (2 * d);
            for (var j = p0; j < p1; j++, p += row)
            {
                var pair = j < full ? w[j] : last;
                sum += (p[0] * (short)pair) + (p[1] * (short)(pair >> 16));
            }

            y[d] += sum;
        }
    }
}
