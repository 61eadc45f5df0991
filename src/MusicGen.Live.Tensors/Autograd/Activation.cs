namespace MusicGen.Live.Tensors.Autograd;

/// <summary>Element-wise non-linearities with a backward pass (<see cref="TapeOps.Activate"/>).</summary>
public enum Activation
{
    Tanh,
    Sigmoid,
    Relu,
    Silu,

    /// <summary>Exact GELU, 0.5·x·(1 + erf(x/√2)) (PyTorch default).</summary>
    Gelu,

    /// <summary>GELU with the tanh approximation (PyTorch <c>approximate='tanh'</c>).</summary>
    GeluTanh,
}
