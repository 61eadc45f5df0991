using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Tests.Training;

/// <summary>
/// A small but complete training run for the tests: Bi-LSTM → dropout → Linear, MSE, clipping, AdamW with
/// warm-up + cosine, random batches drawn from the run's own seeded generator.
/// </summary>
internal sealed class TinyBiLstmRun : IDisposable
{
    public const int T = 6, B = 8, In = 5, H = 6, Out = 3;

    private readonly LstmModule _lstm;
    private readonly LinearModule _head;
    private readonly WarmupCosineSchedule _schedule = new(5e-3f, 3, 20, 1e-4f);
    private readonly WorkerPool _pool;
    private readonly Tape _tape;
    private readonly float[] _x = new float[T * B * In];
    private readonly float[] _y = new float[T * B * Out];

    public TinyBiLstmRun(ulong seed, int threads)
    {
        Rng = new TrainRandom(seed);
        _lstm = new LstmModule(Params, "lstm", In, H, 2, bidirectional: true);
        _head = new LinearModule(Params, "head", _lstm.OutputSize, Out);
        _lstm.Initialize(Rng);
        _head.Initialize(Rng);
        Optimizer = new Adam(Params, AdamOptions.AdamW(5e-3f));
        _pool = new WorkerPool(threads);
        _tape = new Tape(_pool);
    }

    public ParameterSet Params { get; } = new();

    public Adam Optimizer { get; }

    public TrainRandom Rng { get; }

    public long Step { get; set; }

    /// <summary>When set, the inputs of the next step are overwritten with NaN.</summary>
    public bool PoisonNextInput { get; set; }

    public float TrainStep()
    {
        Rng.FillUniform(_x, -1, 1);
        Rng.FillUniform(_y, -1, 1);
        if (PoisonNextInput)
        {
            _x[3] = float.NaN;
        }

        _tape.Reset();
        Params.ZeroGrad();
        var x = _tape.Constant("x", [T, B, In]);
        _x.CopyTo(x.Data, 0);
        var y = _tape.Constant("y", [T, B, Out]);
        _y.CopyTo(y.Data, 0);
        var h = _tape.Dropout(_lstm.Forward(_tape, x, dropout: 0.1f, rng: Rng), 0.2f, Rng);
        var loss = _tape.MseLoss(_head.Forward(_tape, h), y);
        _tape.Backward(loss, Step);
        GradClip.ClipByGlobalNorm(Params, 1.0);
        Optimizer.LearningRate = _schedule.At(Step);
        Optimizer.Step(_pool);
        Step++;
        return loss.Data[0];
    }

    public float[] Snapshot() => [.. Params.Parameters.SelectMany(p => p.Values.ToArray())];

    public void Dispose() => _pool.Dispose();
}
