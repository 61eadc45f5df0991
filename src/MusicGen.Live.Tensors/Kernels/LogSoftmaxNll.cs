using System.Numerics.Tensors;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Fused log-softmax + negative log-likelihood over [rows, cols] logits (PyTorch <c>cross_entropy</c>,
/// mean reduction, <c>ignore_index</c>). Optionally writes ∂loss/∂logits = (softmax − onehot) / count in
/// the same pass, which is what training needs; rows whose target is ignored get a zero gradient.
/// A target outside [0, cols) that is not the ignore index throws, naming the row.
/// </summary>
public static class LogSoftmaxNll
{
    public const int DefaultIgnoreIndex = -100;

    /// <returns>Mean loss over rows whose target is not <paramref name="ignoreIndex"/> (0 when there are none).</returns>
    public static float Run(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int rows, int cols, Span<float> gradLogits = default, int ignoreIndex = DefaultIgnoreIndex)
    {
        var count = Check(logits.Length, targets, rows, cols, gradLogits.Length, ignoreIndex);
        double total = 0;
        var inv = count == 0 ? 0f : 1f / count;
        for (var r = 0; r < rows; r++)
        {
            var row = logits.Slice(r * cols, cols);
            var t = targets[r];
            if (t == ignoreIndex)
            {
                if (!gradLogits.IsEmpty)
                {
                    gradLogits.Slice(r * cols, cols).Clear();
                }

                continue;
            }

            var max = TensorPrimitives.Max(row);
            float sumExp;
            if (gradLogits.IsEmpty)
            {
                sumExp = 0f;
                foreach (var v in row)
                {
                    sumExp += MathF.Exp(v - max);
                }
            }
            else
            {
                var g = gradLogits.Slice(r * cols, cols);
                TensorPrimitives.Subtract(row, max, g);
                TensorPrimitives.Exp(g, g);
                sumExp = TensorPrimitives.Sum(g);
                TensorPrimitives.Multiply(g, inv / sumExp, g);
                g[t] -= inv;
            }

            var logSumExp = max + MathF.Log(sumExp);
            total += logSumExp - row[t];
        }

        return count == 0 ? 0f : (float)(total / count);
    }

    /// <summary>Double-precision reference of <see cref="Run"/>.</summary>
    public static float Reference(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int rows, int cols, Span<float> gradLogits = default, int ignoreIndex = DefaultIgnoreIndex)
    {
        var count = Check(logits.Length, targets, rows, cols, gradLogits.Length, ignoreIndex);
        double total = 0;
        for (var r = 0; r < rows; r++)
        {
            var row = logits.Slice(r * cols, cols);
            var t = targets[r];
            double max = double.NegativeInfinity, sum = 0;
            foreach (var v in row)
            {
                max = Math.Max(max, v);
            }

            foreach (var v in row)
            {
                sum += Math.Exp(v - max);
            }

            var lse = max + Math.Log(sum);
            if (t != ignoreIndex)
            {
                total += lse - row[t];
            }

            if (!gradLogits.IsEmpty)
            {
                for (var j = 0; j < cols; j++)
                {
                    gradLogits[(r * cols) + j] = t == ignoreIndex ? 0f : (float)((Math.Exp(row[j] - lse) - (j == t ? 1.0 : 0.0)) / count);
                }
            }
        }

        return count == 0 ? 0f : (float)(total / count);
    }

    private static int Check(int logitsLen, ReadOnlySpan<int> targets, int rows, int cols, int gradLen, int ignoreIndex)
    {
        if (rows < 0 || cols <= 0 || (long)rows * cols > logitsLen || targets.Length < rows || (gradLen != 0 && gradLen < rows * cols))
        {
            throw new ArgumentException($"log-softmax NLL: [{rows}, {cols}] does not fit logits ({logitsLen}), targets ({targets.Length}), grad ({gradLen})");
        }

        var count = 0;
        for (var r = 0; r < rows; r++)
        {
            var t = targets[r];
            if (t == ignoreIndex)
            {
                continue;
            }

            if ((uint)t >= (uint)cols)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), $"target {t} at row {r} is outside [0, {cols})");
            }

            count++;
        }

        return count;
    }
}
