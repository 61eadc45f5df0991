using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Streaming, one step at a time, of a unidirectional multi-layer LSTM (a bidirectional one needs the
/// future, so live use runs <see cref="Lstm.Forward"/> over a bounded window instead). Holds h and c of every
/// layer between calls. Threading: one thread (the engine thread) calls <see cref="Step"/> and
/// <see cref="Reset"/>; no allocation and no lock after construction.
/// </summary>
/// <remarks>
/// The step reads snapshots of the weights taken at construction, transposed to [in, 4H] with the two biases
/// summed, and runs <see cref="MatVec.RunTransposed"/>: each input element scales one contiguous row of gate
/// weights into accumulators that stay in registers, with no horizontal sum and no scalar tail for the odd
/// widths a note model has. PyTorch's [4H, in] layout through <see cref="MatVec.Run"/> needs a horizontal sum per
/// gate and is markedly slower (<c>bench stylenet</c> and <c>LstmStepBenchmarks</c> measure both; figures in the
/// README). A streamer is made per run, so a snapshot never meets weights changed by training.
/// </remarks>
public sealed class LstmStreamer
{
    private readonly LstmWeights _weights;

    // (layers, hidden) each.
    private readonly float[] _h;
    private readonly float[] _c;

    // (4·hidden): one step's gate pre-activations.
    private readonly float[] _gates;

    // Per layer: bf16 snapshots of weight_ih [4H, in_k] and weight_hh [4H, H], or null for float.
    private readonly ushort[][]? _compactIh;
    private readonly ushort[][]? _compactHh;

    // Per layer, float: weight_ih transposed [in_k, 4H], weight_hh transposed [H, 4H], bias_ih + bias_hh [4H].
    private readonly float[][]? _packedIh;
    private readonly float[][]? _packedHh;
    private readonly float[][]? _bias;

    /// <param name="weights">A unidirectional LSTM's weights.</param>
    /// <param name="bfloat16">Read bf16 snapshots of the matrices (half the memory traffic per step, ~3 significant
    /// digits) in PyTorch's layout instead of float transposed ones. Either snapshot is taken here and does not
    /// follow later changes to <paramref name="weights"/>.</param>
    public LstmStreamer(LstmWeights weights, bool bfloat16 = false)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Config.Bidirectional)
        {
            throw new ArgumentException("a bidirectional LSTM cannot stream one step at a time: it needs the future; run Lstm.Forward over a window", nameof(weights));
        }

        _weights = weights;
        var cfg = weights.Config;
        _h = new float[cfg.NumLayers * cfg.HiddenSize];
        _c = new float[cfg.NumLayers * cfg.HiddenSize];
        _gates = new float[4 * cfg.HiddenSize];
        if (bfloat16)
        {
            _compactIh = new ushort[cfg.NumLayers][];
            _compactHh = new ushort[cfg.NumLayers][];
            for (var k = 0; k < cfg.NumLayers; k++)
            {
                _compactIh[k] = new ushort[weights.WeightIh[k].Length];
                _compactHh[k] = new ushort[weights.WeightHh[k].Length];
                BFloat16.FromFloat(weights.WeightIh[k].Data, _compactIh[k]);
                BFloat16.FromFloat(weights.WeightHh[k].Data, _compactHh[k]);
            }
        }
        else
        {
            _packedIh = new float[cfg.NumLayers][];
            _packedHh = new float[cfg.NumLayers][];
            _bias = new float[cfg.NumLayers][];
            for (var k = 0; k < cfg.NumLayers; k++)
            {
                _packedIh[k] = Transpose(weights.WeightIh[k].Data, 4 * cfg.HiddenSize, cfg.LayerInputSize(k));
                _packedHh[k] = Transpose(weights.WeightHh[k].Data, 4 * cfg.HiddenSize, cfg.HiddenSize);
                _bias[k] = new float[4 * cfg.HiddenSize];
                Elementwise.Add(weights.BiasIh[k].Data, weights.BiasHh[k].Data, _bias[k]);
            }
        }
    }

    public LstmConfig Config => _weights.Config;

    /// <summary>Back to the zero state PyTorch starts from.</summary>
    public void Reset()
    {
        Array.Clear(_h);
        Array.Clear(_c);
    }

    /// <summary>Hidden state of <paramref name="layer"/> after the last step, [hidden].</summary>
    public ReadOnlySpan<float> Hidden(int layer) => _h.AsSpan(layer * Config.HiddenSize, Config.HiddenSize);

    /// <summary>x [input] → y [hidden] (the top layer's h), advancing the state by one step.</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> y)
    {
        var cfg = _weights.Config;
        var hidden = cfg.HiddenSize;
        if (x.Length < cfg.InputSize || y.Length < hidden)
        {
            throw new ArgumentException($"LSTM step: x ({x.Length}) needs {cfg.InputSize}, y ({y.Length}) needs {hidden}");
        }

        var g4 = 4 * hidden;
        for (var k = 0; k < cfg.NumLayers; k++)
        {
            var inSize = cfg.LayerInputSize(k);
            ReadOnlySpan<float> input = k == 0 ? x[..inSize] : _h.AsSpan((k - 1) * hidden, hidden);
            var h = _h.AsSpan(k * hidden, hidden);
            var c = _c.AsSpan(k * hidden, hidden);
            if (_compactIh is not null && _compactHh is not null)
            {
                MatVecBf16.Run(_compactIh[k], inSize, input, _gates, g4, inSize);
                MatVecBf16.Run(_compactHh[k], hidden, h, _gates, g4, hidden, accumulate: true);
                Elementwise.Add(_gates, _weights.BiasIh[k].Data, _gates);
                Elementwise.Add(_gates, _weights.BiasHh[k].Data, _gates);
            }
            else
            {
                _bias![k].CopyTo(_gates);
                MatVec.RunTransposed(_packedIh![k], g4, input, _gates, inSize, g4, accumulate: true);
                MatVec.RunTransposed(_packedHh![k], g4, h, _gates, hidden, g4, accumulate: true);
            }

            LstmCell.Run(_gates, c, c, h, 1, hidden);
        }

        _h.AsSpan((cfg.NumLayers - 1) * hidden, hidden).CopyTo(y);
    }

    // [rows, cols] row-major → [cols, rows] row-major.
    private static float[] Transpose(ReadOnlySpan<float> w, int rows, int cols)
    {
        var t = new float[w.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < cols; j++)
            {
                t[(j * rows) + r] = w[(r * cols) + j];
            }
        }

        return t;
    }
}
