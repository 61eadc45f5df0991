using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Row-wise LayerNorm over [rows, cols] as PyTorch: y = (x − mean) / √(var + eps) · γ + β, biased variance.
/// Optionally stores each row's mean and 1/σ for the backward pass. y may alias x. No allocation.
/// </summary>
public static class LayerNorm
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta,
        Span<float> y,
        int rows,
        int cols,
        float eps = 1e-5f,
        Span<float> mean = default,
        Span<float> rstd = default)
    {
        Check(x.Length, gamma.Length, beta.Length, y.Length, rows, cols);
        for (var r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols);
            var yr = y.Slice(r * cols, cols);
            var mu = TensorPrimitives.Sum(xr) / cols;
            TensorPrimitives.Subtract(xr, mu, yr);
            var variance = TensorPrimitives.SumOfSquares(yr) / cols;
            var rs = 1f / MathF.Sqrt(variance + eps);
            TensorPrimitives.Multiply(yr, rs, yr);
            if (!gamma.IsEmpty)
            {
                TensorPrimitives.Multiply(yr, gamma[..cols], yr);
            }

            if (!beta.IsEmpty)
            {
                TensorPrimitives.Add(yr, beta[..cols], yr);
            }

            if (!mean.IsEmpty)
            {
                mean[r] = mu;
            }

            if (!rstd.IsEmpty)
            {
                rstd[r] = rs;
            }
        }
    }

    public static void Reference(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, int rows, int cols, float eps = 1e-5f)
    {
        Check(x.Length, gamma.Length, beta.Length, y.Length, rows, cols);
        for (var r = 0; r < rows; r++)
        {
            double mu = 0, v = 0;
            for (var j = 0; j < cols; j++)
            {
                mu += x[(r * cols) + j];
            }

            mu /= cols;
            for (var j = 0; j < cols; j++)
            {
                var d = x[(r * cols) + j] - mu;
                v += d * d;
            }

            var rs = 1.0 / Math.Sqrt((v / cols) + eps);
            for (var j = 0; j < cols; j++)
            {
                var n = (x[(r * cols) + j] - mu) * rs;
                y[(r * cols) + j] = (float)((n * (gamma.IsEmpty ? 1.0 : gamma[j])) + (beta.IsEmpty ? 0.0 : beta[j]));
            }
        }
    }

    private static void Check(int xLen, int gLen, int bLen, int yLen, int rows, int cols)
    {
        Softmax.Check(xLen, yLen, rows, cols);
        if ((gLen != 0 && gLen < cols) || (bLen != 0 && bLen < cols))
        {
            throw new ArgumentException($"layer norm: γ ({gLen}) or β ({bLen}) shorter than {cols} columns");
        }
    }
}
