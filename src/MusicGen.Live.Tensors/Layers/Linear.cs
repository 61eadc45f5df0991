using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// PyTorch <c>nn.Linear</c>: y = x·Wᵀ + b with W stored [out, in] (state_dict names <c>{prefix}weight</c>,
/// <c>{prefix}bias</c>). One row goes through MatVec, more through the packed MatMul. Stateless at run
/// time, so any thread may call Forward concurrently; no allocation.
/// </summary>
public sealed class Linear
{
    public Linear(int inFeatures, int outFeatures, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (!weight.ShapeEquals([outFeatures, inFeatures]) || (bias is not null && !bias.ShapeEquals([outFeatures])))
        {
            throw new ArgumentException($"linear {inFeatures}→{outFeatures}: weight {weight} / bias {bias} have the wrong shape");
        }

        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = weight;
        Bias = bias;
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>[out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>[out], or null for bias=False.</summary>
    public Tensor? Bias { get; }

    /// <summary>[out, in] bfloat16 copy of <see cref="Weight"/> used by one-row (decode) calls, or null.</summary>
    public ushort[]? CompactWeight { get; private set; }

    /// <summary>
    /// Makes one-row calls read a bfloat16 copy of the weight (half the memory traffic; ~3 significant digits).
    /// Inference only: the copy is a snapshot, so call again after changing <see cref="Weight"/>.
    /// Multi-row calls keep using float weights.
    /// </summary>
    public void UseBFloat16ForDecode()
    {
        var compact = new ushort[Weight.Length];
        Kernels.BFloat16.FromFloat(Weight.Data, compact);
        CompactWeight = compact;
    }

    public static Linear Load(NamedTensors tensors, string prefix, int inFeatures, int outFeatures, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var w = tensors.Require(prefix + "weight", outFeatures, inFeatures);
        var b = bias ? tensors.Require(prefix + "bias", outFeatures) : null;
        return new Linear(inFeatures, outFeatures, w, b);
    }

    /// <summary>Fresh weights, PyTorch's default init (uniform ±1/√in), from a seeded generator.</summary>
    public static Linear Random(Random rng, int inFeatures, int outFeatures, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var bound = 1f / MathF.Sqrt(inFeatures);
        return new Linear(inFeatures, outFeatures, Init.Uniform(rng, bound, outFeatures, inFeatures), bias ? Init.Uniform(rng, bound, outFeatures) : null);
    }

    public void AddTo(NamedTensors tensors, string prefix)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        tensors.Add(prefix + "weight", Weight);
        if (Bias is not null)
        {
            tensors.Add(prefix + "bias", Bias);
        }
    }

    /// <summary>x [rows, in] → y [rows, out]; with <paramref name="accumulate"/>, y += x·Wᵀ + b.</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, bool accumulate = false)
    {
        if (rows == 1 && CompactWeight is { } compact)
        {
            MatVecBf16.Run(compact, InFeatures, x, y, OutFeatures, InFeatures, accumulate);
        }
        else if (rows == 1)
        {
            MatVec.Run(Weight.Data, x, y, OutFeatures, InFeatures, accumulate);
        }
        else
        {
            MatMul.Run(x, Weight.Data, y, rows, InFeatures, OutFeatures, MatMulOptions.TransposeB | (accumulate ? MatMulOptions.Accumulate : 0));
        }

        if (Bias is not null)
        {
            Elementwise.AddRowBias(y, Bias.Data, rows, OutFeatures);
        }
    }
}
