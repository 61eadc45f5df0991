using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The int16 bodies of <see cref="FusedLstmStep"/> (FusedLstmStep.Int16.cs): per row pair one pmaddwd per weight vector
/// into int32 sums (Vector512: the four gates of 16 units; Vector256: eight vectors; Vector128: two halves of eight units,
/// eight vectors each, as the float bodies split them), flushed every <see cref="FlushPairs"/> pairs and at the end of
/// each segment into the float gates in <c>gates</c> (bias first): gates += float(sum) · scale_w · scale_v. The float
/// gates wait in memory, not registers: with the int32 sums they would not fit x86's sixteen, and a flush is rare.
/// Then the float cell of FusedLstmStep.Kernels.cs.
/// </summary>
public static unsafe partial class FusedLstmStep
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group512Int16(int* w, float* s, float inScale, float hiddenScale, float* b, int* q, int inPairs, int hiddenPairs, float* gates, float* c, float* h)
    {
        for (var k = 0; k < GroupWidth; k += 16)
        {
            Vector512.Load(b + k).Store(gates + k);
        }

        Segment512(w, q, inPairs, s, inScale, gates);
        Segment512(w + ((long)inPairs * GroupWidth), q + inPairs, hiddenPairs, s + GroupWidth, hiddenScale, gates);
        Cell(Vector512.Load(gates), Vector512.Load(gates + 16), Vector512.Load(gates + 32), Vector512.Load(gates + 48), c, h);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Segment512(int* w, int* q, int pairs, float* s, float vScale, float* gates)
    {
        for (var p0 = 0; p0 < pairs; p0 += FlushPairs)
        {
            var end = Math.Min(pairs, p0 + FlushPairs);
            Vector512<int> i = default, f = default, g = default, o = default;
            for (var p = p0; p < end; p++, w += GroupWidth)
            {
                var x = Vector512.Create(q[p]).AsInt16();
                i += Avx512BW.MultiplyAddAdjacent(Vector512.Load((short*)w), x);
                f += Avx512BW.MultiplyAddAdjacent(Vector512.Load((short*)(w + 16)), x);
                g += Avx512BW.MultiplyAddAdjacent(Vector512.Load((short*)(w + 32)), x);
                o += Avx512BW.MultiplyAddAdjacent(Vector512.Load((short*)(w + 48)), x);
            }

            Flush(i, s, vScale, gates);
            Flush(f, s + 16, vScale, gates + 16);
            Flush(g, s + 32, vScale, gates + 32);
            Flush(o, s + 48, vScale, gates + 48);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group256Int16(int* w, float* s, float inScale, float hiddenScale, float* b, int* q, int inPairs, int hiddenPairs, float* gates, float* c, float* h)
    {
        for (var k = 0; k < GroupWidth; k += 8)
        {
            Vector256.Load(b + k).Store(gates + k);
        }

        Segment256(w, q, inPairs, s, inScale, gates);
        Segment256(w + ((long)inPairs * GroupWidth), q + inPairs, hiddenPairs, s + GroupWidth, hiddenScale, gates);
        Cell(Vector256.Load(gates), Vector256.Load(gates + 16), Vector256.Load(gates + 32), Vector256.Load(gates + 48), c, h);
        Cell(Vector256.Load(gates + 8), Vector256.Load(gates + 24), Vector256.Load(gates + 40), Vector256.Load(gates + 56), c + 8, h + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Segment256(int* w, int* q, int pairs, float* s, float vScale, float* gates)
    {
        for (var p0 = 0; p0 < pairs; p0 += FlushPairs)
        {
            var end = Math.Min(pairs, p0 + FlushPairs);
            Vector256<int> i0 = default, i1 = default, f0 = default, f1 = default, g0 = default, g1 = default, o0 = default, o1 = default;
            for (var p = p0; p < end; p++, w += GroupWidth)
            {
                var x = Vector256.Create(q[p]).AsInt16();
                i0 += Avx2.MultiplyAddAdjacent(Vector256.Load((short*)w), x);
                i1 += Avx2.MultiplyAddAdjacent(Vector256.Load((short*)(w + 8)), x);
                f0 += Avx2.MultiplyAddAdjacent(Vector256.Load((short*)(w + 16)), x);
                f1 += Avx2.MultiplyAddAdjacent(Vector256.Load((short*)(w + 24)), x);
                g0 += Avx2.MultiplyAddAdjacent(Vector256.Load((short*)(w + 32)), x);
                g1 += Avx2.MultiplyAddAdjacent(Vector256.Load((short*)(w + 40)), x);
                o0 += Avx2.MultiplyAddAdjacent(Vector256.Load((short*)(w + 48)), x);
                o1 += Avx2.MultiplyAddAdjacent(Vector256.Load((short*)(w + 56)), x);
            }

            Flush(i0, s, vScale, gates);
            Flush(i1, s + 8, vScale, gates + 8);
            Flush(f0, s + 16, vScale, gates + 16);
            Flush(f1, s + 24, vScale, gates + 24);
            Flush(g0, s + 32, vScale, gates + 32);
            Flush(g1, s + 40, vScale, gates + 40);
            Flush(o0, s + 48, vScale, gates + 48);
            Flush(o1, s + 56, vScale, gates + 56);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group128Int16(int* w, float* s, float inScale, float hiddenScale, float* b, int* q, int inPairs, int hiddenPairs, float* gates, float* c, float* h)
    {
        for (var k = 0; k < GroupWidth; k += 4)
        {
            Vector128.Load(b + k).Store(gates + k);
        }

        var wHidden = w + ((long)inPairs * GroupWidth);
        for (var half = 0; half < GroupSize; half += 8)
        {
            Segment128(w + half, q, inPairs, s + half, inScale, gates + half);
            Segment128(wHidden + half, q + inPairs, hiddenPairs, s + GroupWidth + half, hiddenScale, gates + half);
        }

        for (var t = 0; t < GroupSize; t += 4)
        {
            Cell(Vector128.Load(gates + t), Vector128.Load(gates + 16 + t), Vector128.Load(gates + 32 + t), Vector128.Load(gates + 48 + t), c + t, h + t);
        }
    }

    // Eight units (a half group) from w, s and gates at the half's first column.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Segment128(int* w, int* q, int pairs, float* s, float vScale, float* gates)
    {
        for (var p0 = 0; p0 < pairs; p0 += FlushPairs)
        {
            var end = Math.Min(pairs, p0 + FlushPairs);
            Vector128<int> i0 = default, i1 = default, f0 = default, f1 = default, g0 = default, g1 = default, o0 = default, o1 = default;
            for (var p = p0; p < end; p++, w += GroupWidth)
            {
                var x = Vector128.Create(q[p]).AsInt16();
                i0 += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)w), x);
                i1 += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)(w + 4)), x);
                f0 += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)(w + 16)), x);
                f1 += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)(w + 20)), x);
                g0 += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)(w + 32)), x);
                g1 += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)(w + 36)), x);
                o0 += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)(w + 48)), x);
                o1 += Sse2.MultiplyAddAdjacent(Vector128.Load((short*)(w + 52)), x);
            }

            Flush(i0, s, vScale, gates);
            Flush(i1, s + 4, vScale, gates + 4);
            Flush(f0, s + 16, vScale, gates + 16);
            Flush(f1, s + 20, vScale, gates + 20);
            Flush(g0, s + 32, vScale, gates + 32);
            Flush(g1, s + 36, vScale, gates + 36);
            Flush(o0, s + 48, vScale, gates + 48);
            Flush(o1, s + 52, vScale, gates + 52);
        }
    }

    // Plain loops, any CPU: the same pairs, sums and flushes, one column at a time.
    private static void GroupScalarInt16(int* w, float* s, float inScale, float hiddenScale, float* b, int* q, int inPairs, int hiddenPairs, float* gates, float* c, float* h)
    {
        var pairs = inPairs + hiddenPairs;
        for (var j = 0; j < GroupWidth; j++)
        {
            var gate = b[j];
            for (var p0 = 0; p0 < pairs;)
            {
                // A chunk ends at FlushPairs or at the segment's end, as in the vector bodies.
                var segmentEnd = p0 < inPairs ? inPairs : pairs;
                var end = Math.Min(segmentEnd, p0 + FlushPairs);
                var sum = 0;
                for (var p = p0; p < end; p++)
                {
                    var pw = (short*)(w + ((long)p * GroupWidth) + j);
                    var px = (short*)(q + p);
                    sum += (pw[0] * px[0]) + (pw[1] * px[1]);
                }

                var scale = p0 < inPairs ? s[j] * inScale : s[GroupWidth + j] * hiddenScale;
                gate += sum * scale;
                p0 = end;
            }

            gates[j] = gate;
        }

        for (var t = 0; t < GroupSize; t++)
        {
            CellScalar(gates[t], gates[16 + t], gates[32 + t], gates[48 + t], c + t, h + t);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Flush(Vector512<int> sum, float* s, float vScale, float* gates) =>
        Vector512.FusedMultiplyAdd(Vector512.ConvertToSingle(sum), Vector512.Load(s) * vScale, Vector512.Load(gates)).Store(gates);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Flush(Vector256<int> sum, float* s, float vScale, float* gates) =>
        Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(sum), Vector256.Load(s) * vScale, Vector256.Load(gates)).Store(gates);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Flush(Vector128<int> sum, float* s, float vScale, float* gates) =>
        Vector128.MultiplyAddEstimate(Vector128.ConvertToSingle(sum), Vector128.Load(s) * vScale, Vector128.Load(gates)).Store(gates);
}
