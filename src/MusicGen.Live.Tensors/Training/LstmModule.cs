using MusicGen.Live.Tensors.Autograd;

namespace MusicGen.Live.Tensors.Training;

/// <summary>
/// Trainable multi-layer (Bi-)LSTM with PyTorch <c>nn.LSTM</c> parameter names and layout
/// (<c>{prefix}.weight_ih_l{k}[_reverse]</c>, gate order i, f, g, o), so trained weights load into the
/// inference <see cref="Layers.LstmWeights"/> unchanged. Input is time-major [T, B, In] → [T, B, dirs·H], or
/// batch-first [B, T, In] → [B, T, dirs·H] (as the inference <see cref="Layers.Lstm"/>) with <c>batchFirst</c>.
/// Each layer is one fused <see cref="TapeOps.LstmLayer"/> op.
/// </summary>
public sealed class LstmModule
{
    private readonly Var[][] _layers;

    public LstmModule(ParameterSet parameters, string prefix, int inputSize, int hiddenSize, int layers, bool bidirectional)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        HiddenSize = hiddenSize;
        Bidirectional = bidirectional;
        var dirs = bidirectional ? 2 : 1;
        _layers = new Var[layers][];
        for (var l = 0; l < layers; l++)
        {
            var inF = l == 0 ? inputSize : dirs * hiddenSize;
            var w = new Var[4 * dirs];
            for (var d = 0; d < dirs; d++)
            {
                var suffix = d == 0 ? $"l{l}" : $"l{l}_reverse";
                w[4 * d] = parameters.Add($"{prefix}.weight_ih_{suffix}", [4 * hiddenSize, inF]);
                w[(4 * d) + 1] = parameters.Add($"{prefix}.weight_hh_{suffix}", [4 * hiddenSize, hiddenSize]);
                w[(4 * d) + 2] = parameters.Add($"{prefix}.bias_ih_{suffix}", [4 * hiddenSize]);
                w[(4 * d) + 3] = parameters.Add($"{prefix}.bias_hh_{suffix}", [4 * hiddenSize]);
            }

            _layers[l] = w;
        }
    }

    public int HiddenSize { get; }

    public bool Bidirectional { get; }

    public int OutputSize => (Bidirectional ? 2 : 1) * HiddenSize;

    /// <summary>PyTorch's default: every weight and bias U(-1/√H, 1/√H).</summary>
    public void Initialize(TrainRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var bound = 1f / MathF.Sqrt(HiddenSize);
        foreach (var layer in _layers)
        {
            foreach (var w in layer)
            {
                rng.FillUniform(w.Values, -bound, bound);
            }
        }
    }

    /// <summary>
    /// Runs every layer. <paramref name="dropout"/> &gt; 0 applies dropout to the output of each layer but the
    /// last (PyTorch's <c>nn.LSTM(dropout=…)</c>), with masks drawn from <paramref name="rng"/>.
    /// </summary>
    public Var Forward(Tape tape, Var x, bool batchFirst = false, float dropout = 0f, TrainRandom? rng = null)
    {
        ArgumentNullException.ThrowIfNull(tape);
        if (dropout > 0 && rng is null)
        {
            throw new ArgumentNullException(nameof(rng), "LSTM dropout needs a seeded TrainRandom");
        }

        var h = batchFirst ? tape.SwapLeadingAxes(x) : x;
        for (var l = 0; l < _layers.Length; l++)
        {
            h = tape.LstmLayer(h, _layers[l], HiddenSize, Bidirectional);
            if (dropout > 0 && l < _layers.Length - 1)
            {
                h = tape.Dropout(h, dropout, rng!);
            }
        }

        return batchFirst ? tape.SwapLeadingAxes(h) : h;
    }
}
