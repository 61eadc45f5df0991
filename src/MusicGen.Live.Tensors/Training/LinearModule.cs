using MusicGen.Live.Tensors.Autograd;

namespace MusicGen.Live.Tensors.Training;

/// <summary>Trainable <c>nn.Linear</c>: parameters <c>{prefix}.weight</c> [out, in] and <c>{prefix}.bias</c> [out].</summary>
public sealed class LinearModule
{
    public LinearModule(ParameterSet parameters, string prefix, int inFeatures, int outFeatures, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Weight = parameters.Add($"{prefix}.weight", [outFeatures, inFeatures]);
        Bias = bias ? parameters.Add($"{prefix}.bias", [outFeatures]) : null;
    }

    public Var Weight { get; }

    public Var? Bias { get; }

    /// <summary>PyTorch's default: U(-1/√in, 1/√in) for weight and bias.</summary>
    public void Initialize(TrainRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var bound = 1f / MathF.Sqrt(Weight.Dim(1));
        rng.FillUniform(Weight.Values, -bound, bound);
        if (Bias is not null)
        {
            rng.FillUniform(Bias.Values, -bound, bound);
        }
    }

    public Var Forward(Tape tape, Var x) => tape.Linear(x, Weight, Bias);
}
