namespace MusicGen.Live.Tensors.Core;

/// <summary>
/// A plain row-major float tensor: a shape and a flat array, nothing else. Kernels take spans, so this
/// type is only the owner of memory and the carrier of a shape between layers and weight files.
/// Not thread-safe; a tensor belongs to whoever allocated it.
/// </summary>
public sealed class Tensor
{
    private readonly int[] _shape;

    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        var length = ShapeLength(shape);
        if (length != data.Length)
        {
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {length} elements but the data has {data.Length}", nameof(data));
        }

        Data = data;
        _shape = (int[])shape.Clone();
    }

    /// <summary>The elements, row-major (last dimension fastest).</summary>
    public float[] Data { get; }

    public ReadOnlySpan<int> Shape => _shape;

    public int Rank => _shape.Length;

    public int Length => Data.Length;

    public Span<float> Span => Data;

    public int Dim(int axis) => _shape[axis < 0 ? _shape.Length + axis : axis];

    public static Tensor Zeros(params int[] shape) => new(new float[ShapeLength(shape)], shape);

    /// <summary>Row <paramref name="row"/> of a tensor viewed as [Length / lastDim, lastDim].</summary>
    public Span<float> Row(int row)
    {
        var cols = _shape.Length == 0 ? 1 : _shape[^1];
        return Data.AsSpan(row * cols, cols);
    }

    public bool ShapeEquals(ReadOnlySpan<int> shape) => shape.SequenceEqual(_shape);

    public override string ToString() => $"Tensor[{string.Join(", ", _shape)}]";

    /// <summary>Number of elements a shape holds; throws on negative dimensions or overflow.</summary>
    public static int ShapeLength(ReadOnlySpan<int> shape)
    {
        long length = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), $"negative dimension {d}");
            }

            length *= d;
            if (length > Array.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), "tensor too large for one array");
            }
        }

        return (int)length;
    }
}
