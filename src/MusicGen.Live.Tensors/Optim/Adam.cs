using System.Runtime.CompilerServices;
using System.Numerics;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Optim;

/// <summary>
/// Adam / AdamW with PyTorch 1.13 semantics (single-tensor path, no amsgrad): m ← β1·m + (1−β1)·g,
/// v ← β2·v + (1−β2)·g², p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε). Adam adds wd·p to g first;
/// AdamW multiplies p by (1 − lr·wd) first. The moments and step count are the optimiser state a
/// checkpoint saves. Threading: training thread only.
/// </summary>
public sealed class Adam : IParallelJob
{
    private readonly IReadOnlyList<Var> _params;
    private readonly float[][] _m;
    private readonly float[][] _v;
    private float _stepSize;
    private float _bc2Sqrt;
    private float _l2;
    private float _decay;

    public Adam(ParameterSet parameters, AdamOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        LearningRate = options.LearningRate;
        _params = parameters.Parameters;
        _m = [.. _params.Select(p => new float[p.Length])];
        _v = [.. _params.Select(p => new float[p.Length])];
    }

    public AdamOptions Options { get; }

    /// <summary>Learning rate of the next step (a schedule sets it before each step).</summary>
    public float LearningRate { get; set; }

    /// <summary>Number of steps taken so far (PyTorch's <c>state['step']</c>).</summary>
    public long StepCount { get; set; }

    /// <summary>First moment of parameter <paramref name="index"/> (checkpointed).</summary>
    public float[] FirstMoment(int index) => _m[index];

    /// <summary>Second moment of parameter <paramref name="index"/> (checkpointed).</summary>
    public float[] SecondMoment(int index) => _v[index];

    /// <summary>
    /// One update of every parameter from its gradient. With a <paramref name="pool"/>, parameters are updated
    /// as parallel tasks (each parameter whole by one thread, so the result is the same for any schedule).
    /// </summary>
    public void Step(WorkerPool? pool = null)
    {
        StepCount++;
        var o = Options;
        var lr = LearningRate;
        var bc1 = 1.0 - Math.Pow(o.Beta1, StepCount);
        var bc2 = 1.0 - Math.Pow(o.Beta2, StepCount);
        _stepSize = (float)(lr / bc1);
        _bc2Sqrt = (float)Math.Sqrt(bc2);
        _l2 = o.Decoupled ? 0f : o.WeightDecay;
        _decay = o.Decoupled ? 1f - (lr * o.WeightDecay) : 1f;
        (pool ?? WorkerPool.Inline).Run(this, _params.Count);
    }

    void IParallelJob.Execute(int task)
    {
        var p = _params[task];
        var o = Options;
        Update(p.Data.AsSpan(0, p.Length), p.Grad, _m[task], _v[task], o.Beta1, o.Beta2, o.Epsilon, _stepSize, _bc2Sqrt, _l2, _decay);
    }

    /// <summary>Plain scalar form of one parameter's update; the test compares <see cref="Update"/> with it.</summary>
    internal static void UpdateReference(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float b1, float b2, float eps, float stepSize, float bc2Sqrt, float l2, float decay)
    {
        for (var j = 0; j < p.Length; j++)
        {
            var gj = g[j] + (l2 * p[j]);
            m[j] = (b1 * m[j]) + ((1 - b1) * gj);
            v[j] = (b2 * v[j]) + ((1 - b2) * gj * gj);
            var denom = (MathF.Sqrt(v[j]) / bc2Sqrt) + eps;
            p[j] = (p[j] * decay) - (stepSize * m[j] / denom);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float b1, float b2, float eps, float stepSize, float bc2Sqrt, float l2, float decay)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            var vb1 = new Vector<float>(b1);
            var vb1c = new Vector<float>(1 - b1);
            var vb2 = new Vector<float>(b2);
            var vb2c = new Vector<float>(1 - b2);
            var veps = new Vector<float>(eps);
            var vstep = new Vector<float>(stepSize);
            var vbc2 = new Vector<float>(1f / bc2Sqrt);
            var vl2 = new Vector<float>(l2);
            var vdecay = new Vector<float>(decay);
            for (; j <= p.Length - w; j += w)
            {
                var pj = new Vector<float>(p[j..]);
                var gj = new Vector<float>(g[j..]) + (vl2 * pj);
                var mj = (vb1 * new Vector<float>(m[j..])) + (vb1c * gj);
                var vj = (vb2 * new Vector<float>(v[j..])) + (vb2c * gj * gj);
                mj.CopyTo(m[j..]);
                vj.CopyTo(v[j..]);
                var denom = (Vector.SquareRoot(vj) * vbc2) + veps;
                ((pj * vdecay) - (vstep * mj / denom)).CopyTo(p[j..]);
            }
        }

        UpdateReference(p[j..], g[j..], m[j..], v[j..], b1, b2, eps, stepSize, bc2Sqrt, l2, decay);
    }
}
