using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Row-wise RMSNorm (LLaMA form; PyTorch 1.13 has none): y = x / √(mean(x²) + eps) · w.
/// Optionally stores each row's 1/rms for the backward pass. y may alias x. No allocation.
/// </summary>
public static class RmsNorm
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y, int rows, int cols, float eps = 1e-5f, Span<float> rstd = default)
    {
        Check(x.Length, weight.Length, y.Length, rows, cols);
        for (var r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols);
            var yr = y.Slice(r * cols, cols);
            var rs = 1f / MathF.Sqrt((TensorPrimitives.SumOfSquares(xr) / cols) + eps);
            if (weight.IsEmpty)
            {
                TensorPrimitives.Multiply(xr, rs, yr);
            }
            else
            {
                TensorPrimitives.Multiply(xr, rs, yr);
                TensorPrimitives.Multiply(yr, weight[..cols], yr);
            }

            if (!rstd.IsEmpty)
            {
                rstd[r] = rs;
            }
        }
    }

    public static void Reference(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y, int rows, int cols, float eps = 1e-5f)
    {
        Check(x.Length, weight.Length, y.Length, rows, cols);
        for (var r = 0; r < rows; r++)
        {
            double ss = 0;
            for (var j = 0; j < cols; j++)
            {
                ss += (double)x[(r * cols) + j] * x[(r * cols) + j];
            }

            var rs = 1.0 / Math.Sqrt((ss / cols) + eps);
            for (var j = 0; j < cols; j++)
            {
                y[(r * cols) + j] = (float)(x[(r * cols) + j] * rs * (weight.IsEmpty ? 1.0 : weight[j]));
            }
        }
    }

    private static void Check(int xLen, int wLen, int yLen, int rows, int cols)
    {
        Softmax.Check(xLen, yLen, rows, cols);
        if (wLen != 0 && wLen < cols)
        {
            throw new ArgumentException($"rms norm: weight ({wLen}) shorter than {cols} columns");
        }
    }
}
