using System.Numerics.Tensors;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Binary elementwise ops and row broadcasts. TensorPrimitives is already optimal for these, so they are
/// thin, named entry points (with plain references beside them) that layers and autograd share.
/// Any thread; no allocation; y may alias an input.
/// </summary>
public static class Elementwise
{
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Add(a, b, y);

    public static void Subtract(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Subtract(a, b, y);

    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Multiply(a, b, y);

    public static void Scale(ReadOnlySpan<float> a, float s, Span<float> y) => TensorPrimitives.Multiply(a, s, y);

    /// <summary>y = a·s + b (axpy).</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> a, float s, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.MultiplyAdd(a, s, b, y);

    /// <summary>y[r, :] += bias for every row of a [rows, cols] matrix.</summary>
    public static void AddRowBias(Span<float> y, ReadOnlySpan<float> bias, int rows, int cols)
    {
        if ((long)rows * cols > y.Length || bias.Length < cols)
        {
            throw new ArgumentException($"row bias: [{rows}, {cols}] does not fit y ({y.Length}) or bias ({bias.Length})");
        }

        for (var r = 0; r < rows; r++)
        {
            var row = y.Slice(r * cols, cols);
            TensorPrimitives.Add(row, bias[..cols], row);
        }
    }

    /// <summary>sums[j] += Σ_r x[r, j] (bias gradients).</summary>
    public static void SumRows(ReadOnlySpan<float> x, Span<float> sums, int rows, int cols)
    {
        if ((long)rows * cols > x.Length || sums.Length < cols)
        {
            throw new ArgumentException($"sum rows: [{rows}, {cols}] does not fit x ({x.Length}) or sums ({sums.Length})");
        }

        for (var r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(sums[..cols], x.Slice(r * cols, cols), sums[..cols]);
        }
    }

    public static void AddReference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => Zip(a, b, y, static (p, q) => p + q);

    public static void SubtractReference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => Zip(a, b, y, static (p, q) => p - q);

    public static void MultiplyReference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => Zip(a, b, y, static (p, q) => p * q);

    public static void AddRowBiasReference(Span<float> y, ReadOnlySpan<float> bias, int rows, int cols)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < cols; j++)
            {
                y[(r * cols) + j] += bias[j];
            }
        }
    }

    public static void SumRowsReference(ReadOnlySpan<float> x, Span<float> sums, int rows, int cols)
    {
        for (var j = 0; j < cols; j++)
        {
            double s = sums[j];
            for (var r = 0; r < rows; r++)
            {
                s += x[(r * cols) + j];
            }

            sums[j] = (float)s;
        }
    }

    private static void Zip(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, Func<float, float, float> f)
    {
        if (b.Length != a.Length || y.Length < a.Length)
        {
            throw new ArgumentException($"elementwise: lengths {a.Length}, {b.Length} → {y.Length}");
        }

        for (var i = 0; i < a.Length; i++)
        {
            y[i] = f(a[i], b[i]);
        }
    }
}
