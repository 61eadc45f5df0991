namespace MusicGen.Live.Tensors.Autograd;

/// <summary>A tensor given to an op or a parameter has the wrong shape; the message names the tensor.</summary>
public sealed class ShapeMismatchException : Exception
{
    public ShapeMismatchException(string tensorName, string detail)
        : base($"shape mismatch in tensor '{tensorName}': {detail}")
    {
        TensorName = tensorName;
    }

    public string TensorName { get; }

    /// <summary>
    /// Throws unless <paramref name="v"/> has exactly <paramref name="expected"/> as its shape. The message is
    /// built only when throwing, so checks on the training path allocate nothing.
    /// </summary>
    public static void ThrowIfNot(Var v, ReadOnlySpan<int> expected, string op, Var? other = null)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (!v.Shape.SequenceEqual(expected))
        {
            throw new ShapeMismatchException(v.Name, $"{Describe(op, other)} expects [{string.Join(",", expected.ToArray())}], got [{string.Join(",", v.Shape.ToArray())}]");
        }
    }

    /// <summary>Throws unless the last dimension of <paramref name="v"/> is <paramref name="cols"/>.</summary>
    public static void ThrowIfCols(Var v, int cols, string op, Var? other = null)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (v.Cols != cols)
        {
            throw new ShapeMismatchException(v.Name, $"{Describe(op, other)} expects last dimension {cols}, got [{string.Join(",", v.Shape.ToArray())}]");
        }
    }

    private static string Describe(string op, Var? other) => other is null ? op : $"{op} '{other.Name}'";
}
