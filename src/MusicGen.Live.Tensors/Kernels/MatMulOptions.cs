namespace MusicGen.Live.Tensors.Kernels;

/// <summary>Operand layout and output mode of <see cref="MatMul"/>.</summary>
[Flags]
public enum MatMulOptions
{
    None = 0,

    /// <summary>A is stored [k, m] (row-major) and used as its transpose; the backward pass of Linear needs it for dW = dYᵀ·X.</summary>
    TransposeA = 1,

    /// <summary>B is stored [n, k] and used as its transpose: x·Wᵀ with W in PyTorch Linear's [out, in] layout.</summary>
    TransposeB = 2,

    /// <summary>C += A·B instead of C = A·B (gradient accumulation, residual adds).</summary>
    Accumulate = 4,
}
