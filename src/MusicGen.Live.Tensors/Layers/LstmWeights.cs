using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Weights of a multi-layer (bi-)LSTM under PyTorch's state_dict names, gate rows in order i, f, g, o:
/// <c>weight_ih_l{k}[_reverse]</c> [4H, in_k], <c>weight_hh_l{k}[_reverse]</c> [4H, H],
/// <c>bias_ih_l{k}[_reverse]</c> [4H], <c>bias_hh_l{k}[_reverse]</c> [4H]. Index = layer × directions + direction.
/// Immutable references to tensors; the tensors' contents may be updated in place by training.
/// </summary>
public sealed class LstmWeights
{
    private LstmWeights(LstmConfig config, Tensor[] wih, Tensor[] whh, Tensor[] bih, Tensor[] bhh)
    {
        Config = config;
        WeightIh = wih;
        WeightHh = whh;
        BiasIh = bih;
        BiasHh = bhh;
    }

    public LstmConfig Config { get; }

    /// <summary>[layers × dirs] of [4H, in_k].</summary>
    public IReadOnlyList<Tensor> WeightIh { get; }

    /// <summary>[layers × dirs] of [4H, H].</summary>
    public IReadOnlyList<Tensor> WeightHh { get; }

    /// <summary>[layers × dirs] of [4H].</summary>
    public IReadOnlyList<Tensor> BiasIh { get; }

    /// <summary>[layers × dirs] of [4H].</summary>
    public IReadOnlyList<Tensor> BiasHh { get; }

    public static string Suffix(int layer, int direction) => direction == 0 ? $"_l{layer}" : $"_l{layer}_reverse";

    public static LstmWeights Load(NamedTensors tensors, string prefix, LstmConfig config)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var n = config.NumLayers * config.Directions;
        var (wih, whh, bih, bhh) = (new Tensor[n], new Tensor[n], new Tensor[n], new Tensor[n]);
        var g = 4 * config.HiddenSize;
        for (var k = 0; k < config.NumLayers; k++)
        {
            for (var d = 0; d < config.Directions; d++)
            {
                var i = (k * config.Directions) + d;
                var s = Suffix(k, d);
                wih[i] = tensors.Require($"{prefix}weight_ih{s}", g, config.LayerInputSize(k));
                whh[i] = tensors.Require($"{prefix}weight_hh{s}", g, config.HiddenSize);
                bih[i] = tensors.Require($"{prefix}bias_ih{s}", g);
                bhh[i] = tensors.Require($"{prefix}bias_hh{s}", g);
            }
        }

        return new LstmWeights(config, wih, whh, bih, bhh);
    }

    /// <summary>PyTorch's init: every parameter uniform ±1/√H.</summary>
    public static LstmWeights Random(Random rng, LstmConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var n = config.NumLayers * config.Directions;
        var (wih, whh, bih, bhh) = (new Tensor[n], new Tensor[n], new Tensor[n], new Tensor[n]);
        var g = 4 * config.HiddenSize;
        var bound = 1f / MathF.Sqrt(config.HiddenSize);
        for (var i = 0; i < n; i++)
        {
            wih[i] = Init.Uniform(rng, bound, g, config.LayerInputSize(i / config.Directions));
            whh[i] = Init.Uniform(rng, bound, g, config.HiddenSize);
            bih[i] = Init.Uniform(rng, bound, g);
            bhh[i] = Init.Uniform(rng, bound, g);
        }

        return new LstmWeights(config, wih, whh, bih, bhh);
    }

    public void AddTo(NamedTensors tensors, string prefix)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        for (var k = 0; k < Config.NumLayers; k++)
        {
            for (var d = 0; d < Config.Directions; d++)
            {
                var i = (k * Config.Directions) + d;
                var s = Suffix(k, d);
                tensors.Add($"{prefix}weight_ih{s}", WeightIh[i]);
                tensors.Add($"{prefix}weight_hh{s}", WeightHh[i]);
                tensors.Add($"{prefix}bias_ih{s}", BiasIh[i]);
                tensors.Add($"{prefix}bias_hh{s}", BiasHh[i]);
            }
        }
    }
}
