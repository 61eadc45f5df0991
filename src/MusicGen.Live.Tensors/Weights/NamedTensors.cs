using MusicGen.Live.Tensors.Core;

namespace MusicGen.Live.Tensors.Weights;

/// <summary>
/// Tensors by PyTorch state_dict name, as read from or written to a safetensors file. Layers take their
/// weights from here with <see cref="Require"/>, which checks the shape the config implies. Not thread-safe.
/// </summary>
public sealed class NamedTensors
{
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Tensor> All => _tensors;

    public IEnumerable<string> Names => _tensors.Keys;

    public int Count => _tensors.Count;

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public void Add(string name, Tensor tensor)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_tensors.TryAdd(name, tensor))
        {
            throw new ArgumentException($"tensor '{name}' is already present", nameof(name));
        }
    }

    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>The tensor called <paramref name="name"/>, which must have exactly <paramref name="shape"/>.</summary>
    public Tensor Require(string name, params int[] shape)
    {
        if (!_tensors.TryGetValue(name, out var t))
        {
            throw new WeightMismatchException(name, $"missing (expected shape [{string.Join(", ", shape)}])");
        }

        if (!t.ShapeEquals(shape))
        {
            throw new WeightMismatchException(name, $"shape [{string.Join(", ", t.Shape.ToArray())}] does not match the expected [{string.Join(", ", shape)}]");
        }

        return t;
    }

    /// <summary>Like <see cref="Require"/> but null when absent (optional biases).</summary>
    public Tensor? Optional(string name, params int[] shape) => _tensors.ContainsKey(name) ? Require(name, shape) : null;
}
