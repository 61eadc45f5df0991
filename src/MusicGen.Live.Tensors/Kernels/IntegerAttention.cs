namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// One attention head over an int8 KV cache in integer arithmetic: int8 keys and values (one float scale per
/// position), the query and the attention weights quantized to int16 per call (<see cref="Int16Quantizer"/>), and
/// x86's pmaddwd (<c>MultiplyAddAdjacent</c>: two int16 products summed into one int32 lane) after sign-extending
/// the int8 (pmovsxbw). That is 16 multiply-adds an instruction on AVX2 where the float form does 8, and no
/// widening to float in the loop: at a long context the attention is bound by its multiply-adds, one per cached
/// number, not by the bytes it reads.
/// <para>
/// Layout (per head), so that one load gives the pairs pmaddwd multiplies: keys in panels of <see cref="KeyPanel"/>
/// positions, each panel (head dim / 2) rows of the 32 positions' dimension pairs (d, d + 1) side by side
/// (<see cref="KeyIndex"/>): 16 bytes are 8 positions' pair, one int32 lane each after widening, multiplied by the
/// broadcast (q[d], q[d + 1]). Values in position pairs (t, t + 1), each pair row the head's dimensions with the
/// two positions side by side (<see cref="ValueIndex"/>): 16 bytes are 8 dimensions' pair, multiplied by the
/// broadcast (p[t], p[t + 1]).
/// </para>
/// <para>
/// Why int32 never overflows, for ANY int8 and int16 inputs (not only what the quantizers give) and any context
/// length: every int32 accumulator is a sum of at most 510 products of an int8 (|a| ≤ 128) and an int16
/// (|b| ≤ 32768), each at most 2²² in magnitude, so at most 510 · 2²² = 2 139 095 040 &lt; 2³¹ − 1 = 2 147 483 647.
/// A pmaddwd lane is two such products (≤ 2²³; its one overflow case, two products of −32768 · −32768, needs two
/// int16 operands, and here one side is a sign-extended int8). A score sums head-dim products, so the kernels
/// take head sizes up to <see cref="MaxHeadDim"/> = 510. A weighted sum adds one lane (two products) per position
/// pair, so it converts its int32 accumulators to float and clears them every <see cref="FlushPairs"/> = 255 pairs
/// (510 positions): one conversion and add per 510 positions, and the context may be as long as memory allows.
/// The quantizers (|int8| ≤ 127, |int16| ≤ 32767) leave a further margin; the overflow tests feed −128 and −32768
/// everywhere, at the largest head size and over several flush intervals.
/// </para>
/// <para>
/// x86 only: the vector bodies use Avx512BW, Avx2 and Sse41, each behind <c>VectorN.IsHardwareAccelerated</c>
/// and <see cref="SimdWidth.Bits"/> (see <see cref="SimdWidth"/>); elsewhere (ARM64, none) the scalar body runs,
/// and the engine decodes ARM64 with a bf16 cache. Pure functions: any thread; no allocation.
/// </para>
/// </summary>
public static partial class IntegerAttention
{
    /// <summary>Positions per key panel: 4 AVX2 loads, 2 AVX-512, 8 SSE, one 64-byte line a dimension pair.</summary>
    public const int KeyPanel = 32;

    /// <summary>Largest head size the kernels take: hd products of 128 · 32768 fit int32 (see the type's comment).</summary>
    public const int MaxHeadDim = 510;

    /// <summary>Position pairs a weighted sum adds in int32 before flushing to float: 2 · 255 products of 128 · 32768 fit.</summary>
    public const int FlushPairs = 255;

    /// <summary>int8 bytes one head's keys take for a window of <paramref name="window"/> positions (whole panels).</summary>
    public static int KeyBytes(int window, int headDim) => (window + KeyPanel - 1) / KeyPanel * KeyPanel * headDim;

    /// <summary>int8 bytes one head's values take for a window of <paramref name="window"/> positions (whole pairs).</summary>
    public static int ValueBytes(int window, int headDim) => (window + 1) / 2 * 2 * headDim;

    /// <summary>Where position t's dimension d lives in a head's keys: panel, dimension pair, position, then d's parity.</summary>
    public static int KeyIndex(int t, int d, int headDim) => ((((t / KeyPanel) * (headDim / 2)) + (d / 2)) * 2 * KeyPanel) + ((t % KeyPanel) * 2) + (d & 1);

    /// <summary>Where position t's dimension d lives in a head's values: position pair, dimension, then t's parity.</summary>
    public static int ValueIndex(int t, int d, int headDim) => ((((t / 2) * headDim) + d) * 2) + (t & 1);
}
