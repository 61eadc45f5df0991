using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>The scores half of <see cref="IntegerAttention"/>: q·k per cached position, in int32.</summary>
public static unsafe partial class IntegerAttention
{
    /// <summary>
    /// scores[t] = qScale · keyScale[t] · Σ_d q[d] · k[t, d] for t &lt; count, over one head's keys in
    /// <see cref="KeyIndex"/> layout (at least <see cref="KeyBytes"/>(count) of them: whole panels are read, and the
    /// positions of the last panel past count are computed and dropped, so they must be readable, any value).
    /// One panel of 32 positions at a time, every dimension pair: per pair one broadcast (q[d], q[d + 1]) and one
    /// widening load and pmaddwd per 8 (AVX2) positions, the sums held in registers across the head.
    /// </summary>
    public static void Scores(ReadOnlySpan<sbyte> keys, ReadOnlySpan<float> keyScale, ReadOnlySpan<short> q, float qScale, Span<float> scores, int headDim, int count)
    {
        CheckHead(headDim);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (keys.Length < KeyBytes(count, headDim) || keyScale.Length < count || q.Length < headDim || scores.Length < count)
        {
            throw new ArgumentException($"integer attention scores: buffers too short for {count} positions of head size {headDim} "
                + $"(keys {keys.Length}, scales {keyScale.Length}, query {q.Length}, scores {scores.Length})");
        }

        var pairs = headDim / 2;
        var bits = SimdWidth.Bits;
        var lastScales = stackalloc float[KeyPanel];
        var lastScores = stackalloc float[KeyPanel];
        fixed (sbyte* pk = keys)
        fixed (float* ps = keyScale)
        fixed (short* pq = q)
        fixed (float* py = scores)
        {
            for (var t0 = 0; t0 < count; t0 += KeyPanel)
            {
                var panel = pk + ((long)t0 * headDim);
                var live = Math.Min(KeyPanel, count - t0);
                if (live == KeyPanel)
                {
                    Panel(panel, (int*)pq, pairs, ps + t0, qScale, py + t0, bits);
                    continue;
                }

                // The last, part-filled panel: its scales and scores through a whole panel's worth of scratch.
                new ReadOnlySpan<float>(ps + t0, live).CopyTo(new Span<float>(lastScales, KeyPanel));
                new Span<float>(lastScales + live, KeyPanel - live).Clear();
                Panel(panel, (int*)pq, pairs, lastScales, qScale, lastScores, bits);
                new ReadOnlySpan<float>(lastScores, live).CopyTo(new Span<float>(py + t0, live));
            }
        }
    }

    /// <summary>
    /// Plain reference of <see cref="Scores"/> on unpacked keys (k[t · headDim + d]): the sums exact in long, then
    /// scaled in double.
    /// </summary>
    public static void ScoresReference(ReadOnlySpan<sbyte> k, ReadOnlySpan<float> keyScale, ReadOnlySpan<short> q, float qScale, Span<float> scores, int headDim, int count)
    {
        for (var t = 0; t < count; t++)
        {
            long sum = 0;
            for (var d = 0; d < headDim; d++)
            {
                sum += k[(t * headDim) + d] * q[d];
            }

            scores[t] = (float)((double)qScale * keyScale[t] * sum);
        }
    }

    private static void CheckHead(int headDim)
    {
        if (headDim <= 0 || headDim % 2 != 0 || headDim > MaxHeadDim)
        {
            throw new ArgumentOutOfRangeException(nameof(headDim), $"integer attention: head size {headDim} must be even, 2 to {MaxHeadDim} (int32 sums; see IntegerAttention)");
        }
    }

    /// <summary>One whole panel of 32 positions: y[i] = qScale · scale[i] · Σ_j pmaddwd(k pair row j, q pair j)[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panel(sbyte* k, int* q, int pairs, float* scale, float qScale, float* y, int bits)
    {
        if (Vector512.IsHardwareAccelerated && Avx512BW.IsSupported && bits >= 512)
        {
            Vector512<int> a0 = default, a1 = default;
            for (var j = 0; j < pairs; j++, k += 2 * KeyPanel)
            {
                var b = Vector512.Create(q[j]).AsInt16();
                a0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(k)), b);
                a1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(k + 32)), b);
            }

            var s = Vector512.Create(qScale);
            (Vector512.ConvertToSingle(a0) * Vector512.Load(scale) * s).Store(y);
            (Vector512.ConvertToSingle(a1) * Vector512.Load(scale + 16) * s).Store(y + 16);
            return;
        }

        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported && bits >= 256)
        {
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var j = 0; j < pairs; j++, k += 2 * KeyPanel)
            {
                var b = Vector256.Create(q[j]).AsInt16();
                a0 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(k), b);
                a1 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(k + 16), b);
                a2 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(k + 32), b);
                a3 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(k + 48), b);
            }

            var s = Vector256.Create(qScale);
            (Vector256.ConvertToSingle(a0) * Vector256.Load(scale) * s).Store(y);
            (Vector256.ConvertToSingle(a1) * Vector256.Load(scale + 8) * s).Store(y + 8);
            (Vector256.ConvertToSingle(a2) * Vector256.Load(scale + 16) * s).Store(y + 16);
            (Vector256.ConvertToSingle(a3) * Vector256.Load(scale + 24) * s).Store(y + 24);
            return;
        }

        if (Vector128.IsHardwareAccelerated && Sse41.IsSupported && bits >= 128)
        {
            Vector128<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (var j = 0; j < pairs; j++, k += 2 * KeyPanel)
            {
                var b = Vector128.Create(q[j]).AsInt16();
                a0 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(k), b);
                a1 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(k + 8), b);
                a2 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(k + 16), b);
                a3 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(k + 24), b);
                a4 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(k + 32), b);
                a5 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(k + 40), b);
                a6 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(k + 48), b);
                a7 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(k + 56), b);
            }

            var s = Vector128.Create(qScale);
            (Vector128.ConvertToSingle(a0) * Vector128.Load(scale) * s).Store(y);
            (Vector128.ConvertToSingle(a1) * Vector128.Load(scale + 4) * s).Store(y + 4);
            (Vector128.ConvertToSingle(a2) * Vector128.Load(scale + 8) * s).Store(y + 8);
            (Vector128.ConvertToSingle(a3) * Vector128.Load(scale + 12) * s).Store(y + 12);
            (Vector128.ConvertToSingle(a4) * Vector128.Load(scale + 16) * s).Store(y + 16);
            (Vector128.ConvertToSingle(a5) * Vector128.Load(scale + 20) * s).Store(y + 20);
            (Vector128.ConvertToSingle(a6) * Vector128.Load(scale + 24) * s).Store(y + 24);
            (Vector128.ConvertToSingle(a7) * Vector128.Load(scale + 28) * s).Store(y + 28);
            return;
        }

        PanelScalar(k, (short*)q, pairs, scale, qScale, y);
    }

    /// <summary>The scalar body of <see cref="Panel"/> (ARM64, no SIMD), on the same layout, in the same order.</summary>
    private static void PanelScalar(sbyte* k, short* q, int pairs, float* scale, float qScale, float* y)
    {
        for (var i = 0; i < KeyPanel; i++)
        {
            var sum = 0;
            for (var j = 0; j < pairs; j++)
            {
                var row = k + (j * 2 * KeyPanel) + (2 * i);
                sum += (row[0] * q[2 * j]) + (row[1] * q[(2 * j) + 1]);
            }

            y[i] = sum * scale[i] * qScale;
        }
    }
}
