using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// LayerNorm or RMSNorm over the last dimension, PyTorch names <c>{prefix}weight</c> (+ <c>{prefix}bias</c> for
/// LayerNorm). Stateless at run time; no allocation.
/// </summary>
public sealed class Norm
{
    public Norm(NormKind kind, Tensor weight, Tensor? bias, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(weight);
        Kind = kind;
        Weight = weight;
        Bias = bias;
        Eps = eps;
    }

    public NormKind Kind { get; }

    /// <summary>[dim].</summary>
    public Tensor Weight { get; }

    /// <summary>[dim] for LayerNorm, null for RMSNorm.</summary>
    public Tensor? Bias { get; }

    public float Eps { get; }

    public int Dim => Weight.Length;

    public static Norm Load(NamedTensors tensors, string prefix, NormKind kind, int dim, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var w = tensors.Require(prefix + "weight", dim);
        var b = kind == NormKind.LayerNorm ? tensors.Require(prefix + "bias", dim) : null;
        return new Norm(kind, w, b, eps);
    }

    /// <summary>PyTorch's init: weight 1, bias 0.</summary>
    public static Norm Identity(NormKind kind, int dim, float eps = 1e-5f) =>
        new(kind, Init.Fill(1f, dim), kind == NormKind.LayerNorm ? Tensor.Zeros(dim) : null, eps);

    public void AddTo(NamedTensors tensors, string prefix)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        tensors.Add(prefix + "weight", Weight);
        if (Bias is not null)
        {
            tensors.Add(prefix + "bias", Bias);
        }
    }

    /// <summary>x [rows, dim] → y [rows, dim]; y may alias x.</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rows)
    {
        if (Kind == NormKind.LayerNorm)
        {
            Kernels.LayerNorm.Run(x, Weight.Data, Bias!.Data, y, rows, Dim, Eps);
        }
        else
        {
            Kernels.RmsNorm.Run(x, Weight.Data, y, rows, Dim, Eps);
        }
    }
}
