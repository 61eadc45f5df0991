using MusicGen.Live.Tensors.Autograd;

namespace MusicGen.Live.Tensors.Training;

/// <summary>Trainable <c>nn.LayerNorm</c>: <c>{prefix}.weight</c> (ones) and <c>{prefix}.bias</c> (zeros).</summary>
public sealed class LayerNormModule
{
    public LayerNormModule(ParameterSet parameters, string prefix, int size)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Weight = parameters.Add($"{prefix}.weight", [size]);
        Bias = parameters.Add($"{prefix}.bias", [size]);
        Initialize();
    }

    public Var Weight { get; }

    public Var Bias { get; }

    public void Initialize()
    {
        Weight.Values.Fill(1f);
        Bias.Values.Clear();
    }

    public Var Forward(Tape tape, Var x) => tape.LayerNorm(x, Weight, Bias);
}
