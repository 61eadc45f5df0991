using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Row-wise softmax over [rows, cols], max-subtracted so large logits cannot overflow. y may alias x.
/// Any thread; no allocation.
/// </summary>
public static class Softmax
{
    public static void Run(ReadOnlySpan<float> x, Span<float> y, int rows, int cols)
    {
        Check(x.Length, y.Length, rows, cols);
        for (var r = 0; r < rows; r++)
        {
            Row(x.Slice(r * cols, cols), y.Slice(r * cols, cols));
        }
    }

    /// <summary>Softmax of one row (attention scores at decode time).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length == 0)
        {
            return;
        }

        var max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        var sum = TensorPrimitives.Sum(y);
        TensorPrimitives.Multiply(y, 1f / sum, y);
    }

    public static void Reference(ReadOnlySpan<float> x, Span<float> y, int rows, int cols)
    {
        Check(x.Length, y.Length, rows, cols);
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * cols, cols);
            double max = double.NegativeInfinity;
            foreach (var v in row)
            {
                max = Math.Max(max, v);
            }

            double sum = 0;
            foreach (var v in row)
            {
                sum += Math.Exp(v - max);
            }

            for (var j = 0; j < cols; j++)
            {
                y[(r * cols) + j] = (float)(Math.Exp(row[j] - max) / sum);
            }
        }
    }

    internal static void Check(int xLen, int yLen, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || (long)rows * cols > xLen || (long)rows * cols > yLen)
        {
            throw new ArgumentException($"[{rows}, {cols}] does not fit input ({xLen}) and output ({yLen})");
        }
    }
}
