namespace MusicGen.Live.Tensors.Autograd;

/// <summary>Which operand of a row-major product is transposed: NT = A·Bᵀ, NN = A·B, TN = Aᵀ·B.</summary>
internal enum GemmKind
{
    NT,
    NN,
    TN,
}
