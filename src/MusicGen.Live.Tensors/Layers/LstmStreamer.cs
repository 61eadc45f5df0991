using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Streaming, one step at a time, of a unidirectional multi-layer LSTM (a bidirectional one needs the
/// future, so live use runs <see cref="Lstm.Forward"/> over a bounded window instead). Holds h and c of every
/// layer between calls. Threading: one thread (the engine thread) calls <see cref="Step"/> and
/// <see cref="Reset"/>; no allocation and no lock after construction.
/// </summary>
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

    /// <param name="weights">A unidirectional LSTM's weights.</param>
    /// <param name="bfloat16">Read bf16 snapshots of the matrices (half the memory traffic per step, ~3 significant
    /// digits; inference only: the snapshot does not follow later changes to <paramref name="weights"/>).</param>
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
            }
            else
            {
                MatVec.Run(_weights.WeightIh[k].Data, input, _gates, g4, inSize);
                MatVec.Run(_weights.WeightHh[k].Data, h, _gates, g4, hidden, accumulate: true);
            }

            Elementwise.Add(_gates, _weights.BiasIh[k].Data, _gates);
            Elementwise.Add(_gates, _weights.BiasHh[k].Data, _gates);
            LstmCell.Run(_gates, c, c, h, 1, hidden);
        }

        _h.AsSpan((cfg.NumLayers - 1) * hidden, hidden).CopyTo(y);
    }
}
