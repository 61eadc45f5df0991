using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Autograd;

/// <summary>
/// Reverse-mode autograd tape. Ops append a pooled <see cref="TapeOp"/> record and rent their output
/// <see cref="Var"/> from the tape; <see cref="Backward"/> walks the records in reverse. <see cref="Reset"/>
/// rewinds the cursors without freeing anything: when the next step records the same sequence of ops, every
/// record and buffer is reused, so a warm training step allocates nothing.
/// Threading: one training thread drives a tape; ops may fan work out to <see cref="Pool"/>.
/// </summary>
public sealed class Tape
{
    private readonly List<TapeOp> _ops = [];
    private readonly List<Var> _vars = [];
    private int _opCount;
    private int _varCount;

    public Tape(WorkerPool? pool = null)
    {
        Pool = pool ?? WorkerPool.Inline;
    }

    /// <summary>Workers that ops split their work across (a single-thread pool when none is given).</summary>
    public WorkerPool Pool { get; }

    /// <summary>False while evaluating: ops then skip saving what only backward needs (and dropout is identity).</summary>
    public bool Training { get; set; } = true;

    public int OpCount => _opCount;

    /// <summary>Rewinds the tape for the next step; buffers and records are kept for reuse.</summary>
    public void Reset()
    {
        _opCount = 0;
        _varCount = 0;
    }

    /// <summary>Rents a value buffer (contents unspecified, gradient zeroed) for an op's output or scratch.</summary>
    public Var NewVar(string name, ReadOnlySpan<int> shape, bool requiresGrad = true)
    {
        if (_varCount < _vars.Count)
        {
            var v = _vars[_varCount++];
            v.Reuse(name, shape, requiresGrad);
            return v;
        }

        var created = new Var(name, shape, requiresGrad);
        _vars.Add(created);
        _varCount++;
        return created;
    }

    /// <summary>Rents an input buffer that carries no gradient (data, targets).</summary>
    public Var Constant(string name, ReadOnlySpan<int> shape) => NewVar(name, shape, requiresGrad: false);

    /// <summary>Appends a record of type <typeparamref name="T"/>, reusing the one at this position from the last step.</summary>
    public T Record<T>()
        where T : TapeOp, new()
    {
        if (_opCount < _ops.Count)
        {
            if (_ops[_opCount] is T same)
            {
                _opCount++;
                return same;
            }

            var replaced = new T();
            _ops[_opCount++] = replaced;
            return replaced;
        }

        var op = new T();
        _ops.Add(op);
        _opCount++;
        return op;
    }

    /// <summary>
    /// Seeds d(loss)/d(loss) = 1 and runs every record backwards. The loss must be a scalar; a NaN or infinite
    /// loss throws <see cref="NonFiniteLossException"/> before any gradient is touched.
    /// </summary>
    public void Backward(Var loss, long step = -1)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.Length != 1)
        {
            throw new ShapeMismatchException(loss.Name, $"backward needs a scalar loss, got [{string.Join(",", loss.Shape.ToArray())}]");
        }

        if (!float.IsFinite(loss.Data[0]))
        {
            throw new NonFiniteLossException(loss.Name, step, loss.Data[0]);
        }

        loss.Grad[0] = 1f;
        for (var i = _opCount - 1; i >= 0; i--)
        {
            _ops[i].Backward(this);
        }
    }
}
