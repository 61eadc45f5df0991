using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Weights;

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

    /// <summary>The weights as named tensors (sharing the arrays), for <see cref="SafeTensors.Write(string, NamedTensors)"/> and the inference layers' <c>Load</c>.</summary>
    public NamedTensors ToNamedTensors()
    {
        var t = new NamedTensors();
        foreach (var p in _params)
        {
            t.Add(p.Name, new Tensor(p.Data, p.Shape.ToArray()));
        }

        return t;
    }

    /// <summary>Copies every parameter from <paramref name="tensors"/>; a missing name or wrong shape throws naming the tensor.</summary>
    public void LoadFrom(NamedTensors tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var p in _params)
        {
            tensors.Require(p.Name, p.Shape.ToArray()).Data.CopyTo(p.Data, 0);
        }
    }

    public void ZeroGrad()
    {
        foreach (var p in _params)
        {
            p.ZeroGrad();
        }
    }
}
