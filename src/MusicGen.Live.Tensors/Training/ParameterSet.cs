using MusicGen.Live.Tensors.Autograd;

namespace MusicGen.Live.Tensors.Training;

/// <summary>
/// The trainable tensors of a model in creation order, each with a unique PyTorch-style name
/// (<c>lstm.weight_ih_l0_reverse</c>); optimisers and checkpoints walk it in this order.
/// </summary>
public sealed class ParameterSet
{
    private readonly List<Var> _params = [];
    private readonly Dictionary<string, Var> _byName = new(StringComparer.Ordinal);

    public IReadOnlyList<Var> Parameters => _params;

    public int Count => _params.Count;

    /// <summary>Total number of scalars over all parameters.</summary>
    public long ScalarCount => _params.Sum(p => (long)p.Length);

    public Var Add(string name, ReadOnlySpan<int> shape)
    {
        if (_byName.ContainsKey(name))
        {
            throw new ArgumentException($"parameter '{name}' is defined twice", nameof(name));
        }

        var v = new Var(name, shape, requiresGrad: true);
        _params.Add(v);
        _byName.Add(name, v);
        return v;
    }

    public Var this[string name] =>
        _byName.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"no parameter named '{name}'");

    public bool TryGet(string name, out Var value) => _byName.TryGetValue(name, out value!);

    public void ZeroGrad()
    {
        foreach (var p in _params)
        {
            p.ZeroGrad();
        }
    }
}
