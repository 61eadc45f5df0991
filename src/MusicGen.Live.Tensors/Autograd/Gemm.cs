using System.Numerics.Tensors;

namespace MusicGen.Live.Tensors.Autograd;

/// <summary>
/// The three matrix-product shapes training needs, row-major with leading dimensions, all optionally
/// accumulating into C: NT (C = A·Bᵀ, forward of x·Wᵀ), NN (C = A·B, input gradients), TN (C = Aᵀ·B,
/// weight gradients). This is the single seam to the optimised kernels of <c>MusicGen.Live.Tensors</c>.
/// </summary>
internal static class Gemm
{
    /// <summary>C[m,n] (+)= A[m,k] · B[n,k]ᵀ.</summary>
    public static void NT(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        for (var i = 0; i < m; i++)
        {
            var row = a.Slice(i * lda, k);
            var ci = c.Slice(i * ldc, n);
            for (var j = 0; j < n; j++)
            {
                var d = TensorPrimitives.Dot(row, b.Slice(j * ldb, k));
                ci[j] = accumulate ? ci[j] + d : d;
            }
        }
    }

    /// <summary>C[m,n] (+)= A[m,k] · B[k,n].</summary>
    public static void NN(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        for (var i = 0; i < m; i++)
        {
            var ci = c.Slice(i * ldc, n);
            if (!accumulate)
            {
                ci.Clear();
            }

            for (var p = 0; p < k; p++)
            {
                TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), a[(i * lda) + p], ci, ci);
            }
        }
    }

    /// <summary>C[m,n] (+)= A[k,m]ᵀ · B[k,n].</summary>
    public static void TN(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        if (!accumulate)
        {
            for (var i = 0; i < m; i++)
            {
                c.Slice(i * ldc, n).Clear();
            }
        }

        for (var p = 0; p < k; p++)
        {
            var bp = b.Slice(p * ldb, n);
            for (var i = 0; i < m; i++)
            {
                var ci = c.Slice(i * ldc, n);
                TensorPrimitives.MultiplyAdd(bp, a[(p * lda) + i], ci, ci);
            }
        }
    }
}
