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

    /// <summary>[out, in] bfloat16 copy of <see cref="Weight"/> that one-row (decode) calls read, or null.</summary>
    private AlignedArray<ushort>? _bf16;

    /// <summary>[out, in] int8 copy of <see cref="Weight"/> that one-row (decode) calls read, or null; row scales in <see cref="_int8Scale"/>.</summary>
    private AlignedArray<sbyte>? _int8;

    private float[]? _int8Scale;

    /// <summary>True when one-row calls on the int8 copy quantize x to int16 and sum in int32 (<see cref="MatVecInt8.RunInt16Activations"/>).</summary>
    private bool _int16Activations;

    /// <summary>
    /// Makes one-row calls read a bfloat16 copy of the weight (half the memory traffic; ~3 significant digits).
    /// Inference only: the copy is a snapshot, so call again after changing <see cref="Weight"/>.
    /// Multi-row calls keep using float weights. Replaces an int8 copy.
    /// </summary>
    public void UseBFloat16ForDecode()
    {
        var compact = new AlignedArray<ushort>(Weight.Length);
        Kernels.BFloat16.FromFloat(Weight.Data, compact.Span);
        _bf16 = compact;
        _int8 = null;
        _int8Scale = null;
    }

    /// <summary>
    /// Makes one-row calls read an int8 copy of the weight with one scale per output row (a quarter of the memory
    /// traffic; each weight within half a step, max|row| / 254, of its float). Inference only, a snapshot like
    /// <see cref="UseBFloat16ForDecode"/>, which it replaces. Fails on a NaN or infinite weight. With
    /// <paramref name="int16Activations"/>, x is quantized to int16 per call and the products summed in int32
    /// (<see cref="MatVecInt8.RunInt16Activations"/>: no widening of the weights to float; x86's vector bodies).
    /// </summary>
    public void UseInt8ForDecode(bool int16Activations = false)
    {
        var q = new AlignedArray<sbyte>(Weight.Length);
        var scale = new float[OutFeatures];
        MatVecInt8.Quantize(Weight.Data, OutFeatures, InFeatures, q.Span, scale);
        _int8 = q;
        _int8Scale = scale;
        _int16Activations = int16Activations;
        _bf16 = null;
    }

    /// <summary>Number format one-row calls read the weight in: "fp32", "bf16", "int8", or "int8a16" (int8 weights, int16 activations).</summary>
    public string DecodeFormat => _int8 is not null ? (_int16Activations ? "int8a16" : "int8") : _bf16 is not null ? "bf16" : "fp32";

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
        if (rows == 1 && _int8 is { } q && _int8Scale is { } scale)
        {
            if (_int16Activations)
            {
                MatVecInt8.RunInt16Activations(q.Span, scale, InFeatures, x, y, OutFeatures, InFeatures, accumulate);
            }
            else
            {
                MatVecInt8.Run(q.Span, scale, InFeatures, x, y, OutFeatures, InFeatures, accumulate);
            }
        }
        else if (rows == 1 && _bf16 is { } compact)
        {
            MatVecBf16.Run(compact.Span, InFeatures, x, y, OutFeatures, InFeatures, accumulate);
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
