using System.Runtime.Intrinsics;

// One group's body: (the group's weights, float or bf16 pairs by body; bias; v; c; h; rows).
using unsafe Body = delegate*<void*, float*, float*, float*, float*, int, void>;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// One LSTM layer's step in one pass: gate pre-activations, σ/tanh and the state update for a group of
/// <see cref="GroupSize"/> hidden units at a time, the gates never leaving registers. The layer's input and its
/// previous hidden state are one vector v = [x; h] (rows = input rows + padded hidden), and the weights are packed
/// group-major: for each group, rows × 64 values holding the group's i, f, g and o columns (16 each), so a group
/// reads one contiguous block front to back and every width (16, 8 or 4 floats a vector) finds its units' four
/// gates side by side. The hidden size is padded to whole groups with zero weights and biases; a padded unit's
/// c and h stay exactly 0, so padding never leaks into a real unit. bf16 weights pack each unit's (i, f) and
/// (g, o) into one 32-bit lane (low half: shift left 16; high half: mask), so widening costs one instruction a
/// gate at every width. Vector bodies in FusedLstmStep.Kernels.cs and FusedLstmStep.KernelsBf16.cs.
/// Any thread; no state, no allocation in <c>Run</c>.
/// </summary>
public static unsafe partial class FusedLstmStep
{

    /// <summary>Hidden units per packed group.</summary>
    public const int GroupSize = 16;

    /// <summary>Packed values per group and row: four gates of <see cref="GroupSize"/> units.</summary>
    private const int GroupWidth = 4 * GroupSize;

    /// <summary>Groups that hold <paramref name="hidden"/> units.</summary>
    public static int Groups(int hidden) => (hidden + GroupSize - 1) / GroupSize;

    /// <summary>Hidden size padded to whole groups: the length of c and h the kernel reads and writes.</summary>
    public static int PaddedHidden(int hidden) => Groups(hidden) * GroupSize;

    /// <summary>
    /// Packs PyTorch's weight_ih [4H, input] and weight_hh [4H, H] (gate order i, f, g, o) as float, group-major
    /// [groups, inputRows + padded H, 64]. Rows input..inputRows (an input padded by the caller) and the padded units are zero.
    /// </summary>
    public static float[] Pack(ReadOnlySpan<float> weightIh, int input, int inputRows, ReadOnlySpan<float> weightHh, int hidden)
    {
        var rows = CheckPack(weightIh.Length, input, inputRows, weightHh.Length, hidden);
        var packed = new float[Groups(hidden) * rows * GroupWidth];
        for (var g = 0; g < Groups(hidden); g++)
        {
            for (var r = 0; r < rows; r++)
            {
                for (var gate = 0; gate < 4; gate++)
                {
                    for (var t = 0; t < GroupSize; t++)
                    {
                        packed[(((g * rows) + r) * GroupWidth) + (gate * GroupSize) + t] = Weight(weightIh, input, inputRows, weightHh, hidden, gate, (g * GroupSize) + t, r);
                    }
                }
            }
        }

        return packed;
    }

    /// <summary>
    /// <see cref="Pack"/> in bfloat16 (round to nearest even): per group and row, 32 lanes of two halves, lane t
    /// (t &lt; 16) holding unit t's i (low) and f (high), lane 16 + t its g (low) and o (high).
    /// </summary>
    public static ushort[] PackBFloat16(ReadOnlySpan<float> weightIh, int input, int inputRows, ReadOnlySpan<float> weightHh, int hidden)
    {
        var rows = CheckPack(weightIh.Length, input, inputRows, weightHh.Length, hidden);
        var packed = new ushort[Groups(hidden) * rows * GroupWidth];
        for (var g = 0; g < Groups(hidden); g++)
        {
            for (var r = 0; r < rows; r++)
            {
                var row = ((g * rows) + r) * GroupWidth;
                for (var t = 0; t < GroupSize; t++)
                {
                    var unit = (g * GroupSize) + t;
                    packed[row + (2 * t)] = BFloat16.FromFloat(Weight(weightIh, input, inputRows, weightHh, hidden, 0, unit, r));
                    packed[row + (2 * t) + 1] = BFloat16.FromFloat(Weight(weightIh, input, inputRows, weightHh, hidden, 1, unit, r));
                    packed[row + GroupWidth / 2 + (2 * t)] = BFloat16.FromFloat(Weight(weightIh, input, inputRows, weightHh, hidden, 2, unit, r));
                    packed[row + GroupWidth / 2 + (2 * t) + 1] = BFloat16.FromFloat(Weight(weightIh, input, inputRows, weightHh, hidden, 3, unit, r));
                }
            }
        }

        return packed;
    }

    /// <summary>bias_ih + bias_hh [4H] in the packed order [groups, 64] (float for either weight precision).</summary>
    public static float[] PackBias(ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh, int hidden)
    {
        if (biasIh.Length != 4 * hidden || biasHh.Length != 4 * hidden)
        {
            throw new ArgumentException($"lstm biases: {biasIh.Length} and {biasHh.Length} values, a hidden size of {hidden} needs {4 * hidden} each");
        }

        var packed = new float[Groups(hidden) * GroupWidth];
        for (var gate = 0; gate < 4; gate++)
        {
            for (var u = 0; u < hidden; u++)
            {
                packed[((u / GroupSize) * GroupWidth) + (gate * GroupSize) + (u % GroupSize)] = biasIh[(gate * hidden) + u] + biasHh[(gate * hidden) + u];
            }
        }

        return packed;
    }

    /// <summary>
    /// c (in place) and h [groups·16] ← one step from v [rows] = [input; previous h] with float weights packed by
    /// <see cref="Pack"/>. h must not overlap v (every group reads all of v).
    /// </summary>
    public static void Run(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> v, Span<float> c, Span<float> h, int rows, int groups)
    {
        Check(weights.Length, bias.Length, v.Length, c.Length, h.Length, rows, groups, v.Overlaps(h));
        fixed (float* pw = weights)
        {
            RunGroups(pw, (long)rows * GroupWidth * sizeof(float), bias, v, c, h, rows, groups, FloatBody());
        }
    }

    /// <summary>As the float <c>Run</c>, weights packed by <see cref="PackBFloat16"/>.</summary>
    public static void Run(ReadOnlySpan<ushort> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> v, Span<float> c, Span<float> h, int rows, int groups)
    {
        Check(weights.Length, bias.Length, v.Length, c.Length, h.Length, rows, groups, v.Overlaps(h));
        fixed (ushort* pw = weights)
        {
            RunGroups(pw, (long)rows * GroupWidth * sizeof(ushort), bias, v, c, h, rows, groups, BFloat16Body());
        }
    }

    // Group after group, each body reading its own block of the weights (groupBytes apart).
    private static void RunGroups(void* weights, long groupBytes, ReadOnlySpan<float> bias, ReadOnlySpan<float> v, Span<float> c, Span<float> h, int rows, int groups, Body body)
    {
        fixed (float* pb = bias)
        fixed (float* pv = v)
        fixed (float* pc = c)
        fixed (float* ph = h)
        {
            for (var g = 0; g < groups; g++)
            {
                var u = g * GroupSize;
                body((byte*)weights + (g * groupBytes), pb + (g * GroupWidth), pv, pc + u, ph + u, rows);
            }
        }
    }

    // The float body for this thread's width (SimdWidth); the IsHardwareAccelerated tests fold to constants.
    private static Body FloatBody()
    {
        var bits = SimdWidth.Bits;
        return Vector512.IsHardwareAccelerated && bits >= 512 ? &Group512
            : Vector256.IsHardwareAccelerated && bits >= 256 ? &Group256
            : Vector128.IsHardwareAccelerated && bits >= 128 ? (Wide128 ? &Group128Wide : &Group128)
            : &GroupScalar;
    }

    private static Body BFloat16Body()
    {
        var bits = SimdWidth.Bits;
        return Vector512.IsHardwareAccelerated && bits >= 512 ? &Group512BFloat16
            : Vector256.IsHardwareAccelerated && bits >= 256 ? &Group256BFloat16
            : Vector128.IsHardwareAccelerated && bits >= 128 ? (Wide128 ? &Group128WideBFloat16 : &Group128BFloat16)
            : &GroupScalarBFloat16;
    }

    /// <summary>
    /// Double-precision reference from PyTorch's layout: gates = W_ih·x + W_hh·hPrev + b_ih + b_hh, then
    /// <see cref="LstmCell.Reference"/>. c [hidden] is updated in place, h [hidden] written.
    /// </summary>
    public static void Reference(
        ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh, ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh,
        ReadOnlySpan<float> x, ReadOnlySpan<float> hPrev, Span<float> c, Span<float> h, int input, int hidden)
    {
        var gates = new float[4 * hidden];
        for (var j = 0; j < 4 * hidden; j++)
        {
            double s = (double)biasIh[j] + biasHh[j];
            for (var k = 0; k < input; k++)
            {
                s += (double)weightIh[(j * input) + k] * x[k];
            }

            for (var k = 0; k < hidden; k++)
            {
                s += (double)weightHh[(j * hidden) + k] * hPrev[k];
            }

            gates[j] = (float)s;
        }

        LstmCell.Reference(gates, c, c, h, 1, hidden);
    }

    // Packed row r of gate `gate`'s column for `unit`: W_ih for the input rows, W_hh for the hidden rows, else 0.
    private static float Weight(ReadOnlySpan<float> weightIh, int input, int inputRows, ReadOnlySpan<float> weightHh, int hidden, int gate, int unit, int r)
    {
        if (unit >= hidden)
        {
            return 0f;
        }

        var row = (gate * hidden) + unit;
        if (r < input)
        {
            return weightIh[(row * input) + r];
        }

        var k = r - inputRows;
        return k >= 0 && k < hidden ? weightHh[(row * hidden) + k] : 0f;
    }

    private static int CheckPack(int ihLength, int input, int inputRows, int hhLength, int hidden)
    {
        if (input <= 0 || hidden <= 0 || inputRows < input || ihLength != 4 * hidden * input || hhLength != 4 * hidden * hidden)
        {
            throw new ArgumentException($"lstm pack: weight_ih has {ihLength} values (needs 4·{hidden}·{input}), weight_hh {hhLength} (needs 4·{hidden}·{hidden}), input rows {inputRows}");
        }

        return inputRows + PaddedHidden(hidden);
    }

    private static void Check(int wLen, int bLen, int vLen, int cLen, int hLen, int rows, int groups, bool overlap)
    {
        long units = (long)groups * GroupSize;
        if (rows <= 0 || groups < 0 || wLen < (long)groups * rows * GroupWidth || bLen < groups * GroupWidth || vLen < rows || cLen < units || hLen < units)
        {
            throw new ArgumentException($"fused lstm step: rows={rows} groups={groups} do not fit weights ({wLen}), bias ({bLen}), v ({vLen}), c ({cLen}), h ({hLen})");
        }

        if (overlap)
        {
            throw new ArgumentException("fused lstm step: h overlaps v, which every group reads whole");
        }
    }
}
