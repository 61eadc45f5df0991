namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// C[b] (+)= op(A[b]) · op(B[b]) for b in [0, batch), each operand contiguous per batch entry
/// (attention scores Q·Kᵀ and weighted values P·V, one entry per head). Any thread may call.
/// </summary>
public static class BatchedMatMul
{
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int batch, int m, int k, int n, MatMulOptions options = MatMulOptions.None)
    {
        Validate(a.Length, b.Length, c.Length, batch, m, k, n);
        for (var i = 0; i < batch; i++)
        {
            MatMul.Run(a.Slice(i * m * k, m * k), b.Slice(i * k * n, k * n), c.Slice(i * m * n, m * n), m, k, n, options);
        }
    }

    public static void Reference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int batch, int m, int k, int n, MatMulOptions options = MatMulOptions.None)
    {
        Validate(a.Length, b.Length, c.Length, batch, m, k, n);
        for (var i = 0; i < batch; i++)
        {
            MatMul.Reference(a.Slice(i * m * k, m * k), b.Slice(i * k * n, k * n), c.Slice(i * m * n, m * n), m, k, n, options);
        }
    }

    private static void Validate(int aLen, int bLen, int cLen, int batch, int m, int k, int n)
    {
        if (batch < 0 || (long)batch * m * k > aLen || (long)batch * k * n > bLen || (long)batch * m * n > cLen)
        {
            throw new ArgumentException($"batched matmul: batch={batch} m={m} k={k} n={n} does not fit A({aLen}) B({bLen}) C({cLen})");
        }
    }
}
