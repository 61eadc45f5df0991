using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>PyTorch <c>nn.Embedding</c>: weight [num, dim] (<c>{prefix}weight</c>). Stateless at run time; no allocation.</summary>
public sealed class Embedding
{
    public Embedding(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
        {
            throw new ArgumentException($"embedding weight must be [num, dim], got {weight}");
        }

        Weight = weight;
    }

    /// <summary>[num, dim].</summary>
    public Tensor Weight { get; }

    public int Count => Weight.Dim(0);

    public int Dim => Weight.Dim(1);

    public static Embedding Load(NamedTensors tensors, string prefix, int count, int dim)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return new Embedding(tensors.Require(prefix + "weight", count, dim));
    }

    /// <summary>PyTorch's default init, N(0, 1).</summary>
    public static Embedding Random(Random rng, int count, int dim) => new(Init.Normal(rng, 1f, count, dim));

    public void AddTo(NamedTensors tensors, string prefix)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        tensors.Add(prefix + "weight", Weight);
    }

    /// <summary>ids [n] → output [n, dim].</summary>
    public void Forward(ReadOnlySpan<int> ids, Span<float> output) => EmbeddingGather.Run(Weight.Data, Dim, ids, output);
}
