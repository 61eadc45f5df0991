namespace MusicGen.Live.Tensors.Autograd;

/// <summary>
/// A value on the autograd tape: a dense row-major float buffer with its shape and, when it takes part in
/// gradients, a gradient buffer of the same size. Parameters are long-lived <see cref="Var"/>s; activations
/// are rented from a <see cref="Tape"/> and reused step after step (so a training step allocates nothing once warm).
/// Threading: owned by the training thread; ops may write disjoint slices from pool workers inside one op.
/// </summary>
public sealed class Var
{
    private int[] _shape;

    public Var(string name, ReadOnlySpan<int> shape, bool requiresGrad)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        _shape = shape.ToArray();
        Length = CheckedLength(name, shape);
        Data = new float[Length];
        RequiresGrad = requiresGrad;
        Grad = requiresGrad ? new float[Length] : [];
    }

    /// <summary>Name used in error messages and checkpoints (PyTorch state_dict style for parameters).</summary>
    public string Name { get; internal set; }

    /// <summary>Row-major values; length == product of <see cref="Shape"/>.</summary>
    public float[] Data { get; private set; }

    /// <summary>Gradient of the loss with respect to <see cref="Data"/>; empty when <see cref="RequiresGrad"/> is false.</summary>
    public float[] Grad { get; private set; }

    public bool RequiresGrad { get; private set; }

    public int Length { get; private set; }

    public ReadOnlySpan<int> Shape => _shape;

    public int Rank => _shape.Length;

    /// <summary>Size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[axis < 0 ? _shape.Length + axis : axis];

    /// <summary>Product of all dimensions but the last: the row count when viewed as a matrix.</summary>
    public int Rows => _shape.Length == 0 ? 1 : Length / _shape[^1];

    /// <summary>Last dimension: the column count when viewed as a matrix.</summary>
    public int Cols => _shape.Length == 0 ? 1 : _shape[^1];

    public Span<float> Values => Data.AsSpan(0, Length);

    public Span<float> Grads => Grad.AsSpan(0, Length);

    /// <summary>Re-shapes this buffer in place for reuse (tape pooling); grows storage only when needed.</summary>
    internal void Reuse(string name, ReadOnlySpan<int> shape, bool requiresGrad)
    {
        Name = name;
        if (!shape.SequenceEqual(_shape))
        {
            _shape = shape.ToArray();
        }

        Length = CheckedLength(name, shape);
        if (Data.Length < Length)
        {
            Data = new float[Length];
        }

        RequiresGrad = requiresGrad;
        if (requiresGrad)
        {
            if (Grad.Length < Length)
            {
                Grad = new float[Length];
            }
            else
            {
                Array.Clear(Grad, 0, Length);
            }
        }
    }

    /// <summary>Sets the gradient to zero (parameters, before a step's backward pass).</summary>
    public void ZeroGrad()
    {
        if (RequiresGrad)
        {
            Array.Clear(Grad, 0, Length);
        }
    }

    public override string ToString() => $"{Name}[{string.Join(",", _shape)}]";

    private static int CheckedLength(string name, ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ShapeMismatchException(name, $"negative dimension {d}");
            }

            n *= d;
            if (n > Array.MaxLength)
            {
                throw new ShapeMismatchException(name, "more elements than an array can hold");
            }
        }

        return (int)n;
    }
}
