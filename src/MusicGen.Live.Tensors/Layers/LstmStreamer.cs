using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Streaming, one step at a time, of a unidirectional multi-layer LSTM (a bidirectional one needs the
/// future, so live use runs <see cref="Lstm.Forward"/> over a bounded window instead). Holds h and c of every
/// layer between calls. Threading: one thread (the engine thread) calls <see cref="Step"/> and
/// <see cref="Reset"/>; no allocation and no lock after construction.
/// </summary>
/// <remarks>
/// Each layer is one <see cref="FusedLstmStep"/>: its weight_ih and weight_hh snapshotted at construction as one
/// matrix over v = [input; h], packed group-major (16 hidden units' four gates side by side, read front to back),
/// with the two biases summed, so the gates are made, activated and turned into the new c and h in registers,
/// one pass over the weights a layer. The hidden size is padded to whole groups (zero weights; padded units stay
/// 0). Every <see cref="LstmWeightFormat"/> runs the same layout: float, bf16 weights (half the bytes a step, which keeps
/// a larger model's weights in a core's L2) with float biases, state and sums, or int16 weights in pairs of rows with v
/// quantized each step and integer sums (x86's pmaddwd). <c>bench stylenet</c> and <c>LstmStepBenchmarks</c> measure
/// them; figures and the choice in the README.
/// A streamer is made per run, so a snapshot never meets weights changed by training.
/// </remarks>
public sealed class LstmStreamer
{
    private readonly LstmWeights _weights;

    // Units per layer padded to whole groups of FusedLstmStep.GroupSize.
    private readonly int _padded;

    // Per layer: v = [input (in_k, padded for k > 0); h (padded)], the whole input of the layer's fused step.
    // Layer k's new h is written into layer k + 1's input part (the top layer's into _top), then copied to its own h part.
    private readonly float[][] _v;

    // (layers, padded hidden).
    private readonly float[] _c;

    // (padded hidden): the top layer's new h.
    private readonly float[] _top;

    // Per layer: weights packed by FusedLstmStep (in one of the formats; int16 with its scales) and the summed biases, [groups, 64].
    // On a 64-byte boundary (AlignedArray): from an ordinary array, where the data starts wherever the GC put the
    // object, a 32- or 64-byte load of the streamed weights straddles two cache lines at every other or every load.
    private readonly AlignedArray<float>[]? _packed;
    private readonly AlignedArray<ushort>[]? _packedBf16;
    private readonly AlignedArray<short>[]? _packedInt16;
    private readonly float[][]? _scalesInt16;
    private readonly float[][] _bias;

    // int16 only: the step's quantized v, sized for the widest layer.
    private readonly short[]? _quantized;

    /// <param name="weights">A unidirectional LSTM's weights.</param>
    /// <param name="format">The number format of the snapshot of the matrices, taken here: it does not follow later
    /// changes to <paramref name="weights"/>.</param>
    public LstmStreamer(LstmWeights weights, LstmWeightFormat format = LstmWeightFormat.Fp32)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Config.Bidirectional)
        {
            throw new ArgumentException("a bidirectional LSTM cannot stream one step at a time: it needs the future; run Lstm.Forward over a window", nameof(weights));
        }

        _weights = weights;
        Format = format;
        var cfg = weights.Config;
        _padded = FusedLstmStep.PaddedHidden(cfg.HiddenSize);
        _v = new float[cfg.NumLayers][];
        _c = new float[cfg.NumLayers * _padded];
        _top = new float[_padded];
        _bias = new float[cfg.NumLayers][];
        var groups = _padded / FusedLstmStep.GroupSize;
        switch (format)
        {
            case LstmWeightFormat.Fp32:
                _packed = new AlignedArray<float>[cfg.NumLayers];
                break;
            case LstmWeightFormat.Bf16:
                _packedBf16 = new AlignedArray<ushort>[cfg.NumLayers];
                break;
            case LstmWeightFormat.Int16:
                _packedInt16 = new AlignedArray<short>[cfg.NumLayers];
                _scalesInt16 = new float[cfg.NumLayers][];
                _quantized = new short[Enumerable.Range(0, cfg.NumLayers).Max(k => FusedLstmStep.Int16ScratchLength(InputRows(k), groups))];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown LSTM weight format");
        }

        for (var k = 0; k < cfg.NumLayers; k++)
        {
            var inRows = InputRows(k);
            _v[k] = new float[inRows + _padded];
            _bias[k] = FusedLstmStep.PackBias(weights.BiasIh[k].Data, weights.BiasHh[k].Data, cfg.HiddenSize);
            var (ih, input, hh) = (weights.WeightIh[k].Data, cfg.LayerInputSize(k), weights.WeightHh[k].Data);
            if (_packedBf16 is not null)
            {
                _packedBf16[k] = Aligned(FusedLstmStep.PackBFloat16(ih, input, inRows, hh, cfg.HiddenSize));
            }
            else if (_packedInt16 is not null)
            {
                var (packed, scales) = FusedLstmStep.PackInt16(ih, input, inRows, hh, cfg.HiddenSize);
                (_packedInt16[k], _scalesInt16![k]) = (Aligned(packed), scales);
            }
            else
            {
                _packed![k] = Aligned(FusedLstmStep.Pack(ih, input, inRows, hh, cfg.HiddenSize));
            }
        }
    }

    public LstmConfig Config => _weights.Config;

    /// <summary>The number format of the weights the steps read.</summary>
    public LstmWeightFormat Format { get; }

    /// <summary>Back to the zero state PyTorch starts from.</summary>
    public void Reset()
    {
        for (var k = 0; k < _v.Length; k++)
        {
            Array.Clear(_v[k]);
        }

        Array.Clear(_c);
    }

    /// <summary>Hidden state of <paramref name="layer"/> after the last step, [hidden].</summary>
    public ReadOnlySpan<float> Hidden(int layer) => _v[layer].AsSpan(InputRows(layer), Config.HiddenSize);

    /// <summary>x [input] → y [hidden] (the top layer's h), advancing the state by one step.</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> y)
    {
        var cfg = _weights.Config;
        var hidden = cfg.HiddenSize;
        if (x.Length < cfg.InputSize || y.Length < hidden)
        {
            throw new ArgumentException($"LSTM step: x ({x.Length}) needs {cfg.InputSize}, y ({y.Length}) needs {hidden}");
        }

        x[..cfg.InputSize].CopyTo(_v[0]);
        var groups = _padded / FusedLstmStep.GroupSize;
        for (var k = 0; k < cfg.NumLayers; k++)
        {
            var v = _v[k];
            var inRows = InputRows(k);
            var hNew = k + 1 < cfg.NumLayers ? _v[k + 1].AsSpan(0, _padded) : _top;
            var c = _c.AsSpan(k * _padded, _padded);
            if (_packedBf16 is not null)
            {
                FusedLstmStep.Run(_packedBf16[k].Span, _bias[k], v, c, hNew, v.Length, groups);
            }
            else if (_packedInt16 is not null)
            {
                FusedLstmStep.Run(_packedInt16[k].Span, _scalesInt16![k], _bias[k], v, _quantized, c, hNew, inRows, groups);
            }
            else
            {
                FusedLstmStep.Run(_packed![k].Span, _bias[k], v, c, hNew, v.Length, groups);
            }

            // The layer has read its old h; its new one is its h for the next step.
            hNew.CopyTo(v.AsSpan(inRows));
        }

        _top.AsSpan(0, hidden).CopyTo(y);
    }

    private static AlignedArray<T> Aligned<T>(T[] packed)
        where T : unmanaged
    {
        var aligned = new AlignedArray<T>(packed.Length);
        packed.CopyTo(aligned.Span);
        return aligned;
    }

    // Rows of layer k's input part of v: the model's input padded to an even count (zero rows), or the layer below's
    // padded h. Even, so the h rows keep their parity whatever the input width: the Vector512 body sums even and odd rows
    // apart, and a model widened by zero input columns must compute bit for bit what it did before.
    private int InputRows(int layer) => layer == 0 ? (_weights.Config.InputSize + 1) & ~1 : _padded;
}
