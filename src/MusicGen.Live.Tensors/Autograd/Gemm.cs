using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Autograd;

/// <summary>
/// The three matrix-product shapes training needs, row-major with leading dimensions, all optionally
/// accumulating into C: NT (C = A·Bᵀ, forward of x·Wᵀ), NN (C = A·B, input gradients), TN (C = Aᵀ·B,
/// weight gradients). A thin seam over the packed kernel <see cref="MatMul"/>, so training code reads in
/// the names of the math and never re-implements a product.
/// </summary>
internal static class Gemm
{
    /// <summary>C[m,n] (+)= A[m,k] · B[n,k]ᵀ.</summary>
    public static void NT(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int k, bool accumulate) =>
        MatMul.RunStrided(a, lda, b, ldb, c, ldc, m, k, n, MatMulOptions.TransposeB | Acc(accumulate));

    /// <summary>C[m,n] (+)= A[m,k] · B[k,n].</summary>
    public static void NN(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int k, bool accumulate) =>
        MatMul.RunStrided(a, lda, b, ldb, c, ldc, m, k, n, Acc(accumulate));

    /// <summary>C[m,n] (+)= A[k,m]ᵀ · B[k,n].</summary>
    public static void TN(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int k, bool accumulate) =>
        MatMul.RunStrided(a, lda, b, ldb, c, ldc, m, k, n, MatMulOptions.TransposeA | Acc(accumulate));

    private static MatMulOptions Acc(bool accumulate) => accumulate ? MatMulOptions.Accumulate : MatMulOptions.None;
}
