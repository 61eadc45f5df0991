using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Tests.Autograd;

/// <summary>
/// Compares the tape's gradients with central finite differences (f(x+ε) − f(x−ε))/2ε, element by element,
/// on a random subset of each checked tensor. Float32 throughout, so ε is large-ish and the tolerance is
/// relative to the tensor's largest gradient.
/// </summary>
internal static class GradCheck
{
    public static void Run(Func<Tape, Var> loss, IReadOnlyList<Var> inputs, WorkerPool? pool = null, float eps = 1e-2f, double rtol = 2e-2, int samples = 24, int seed = 7)
    {
        var tape = new Tape(pool);
        foreach (var v in inputs)
        {
            v.ZeroGrad();
        }

        tape.Reset();
        tape.Backward(loss(tape));
        var analytic = inputs.Select(v => v.Grads.ToArray()).ToArray();
        var rng = new TrainRandom((ulong)seed);
        for (var n = 0; n < inputs.Count; n++)
        {
            var v = inputs[n];
            var maxAbs = analytic[n].Max(Math.Abs);
            Assert.True(maxAbs > 0, $"{v.Name}: gradient is all zero, the check would prove nothing");
            var count = Math.Min(samples, v.Length);
            for (var s = 0; s < count; s++)
            {
                var i = v.Length <= samples ? s : rng.NextInt(v.Length);
                var orig = v.Data[i];
                v.Data[i] = orig + eps;
                tape.Reset();
                double plus = loss(tape).Data[0];
                v.Data[i] = orig - eps;
                tape.Reset();
                double minus = loss(tape).Data[0];
                v.Data[i] = orig;
                var numeric = (plus - minus) / (2 * eps);
                var a = analytic[n][i];
                var err = Math.Abs(numeric - a);
                Assert.True(err <= (rtol * Math.Abs(a)) + (2e-3 * maxAbs) + 1e-5, $"{v.Name}[{i}]: analytic {a:g6}, numeric {numeric:g6} (max |grad| {maxAbs:g4})");
            }
        }
    }

    /// <summary>A parameter-like tensor (gradient on) filled with U(−scale, scale).</summary>
    public static Var Param(string name, int[] shape, TrainRandom rng, float scale = 1f)
    {
        var v = new Var(name, shape, requiresGrad: true);
        rng.FillUniform(v.Values, -scale, scale);
        return v;
    }

    /// <summary>Loss = MSE(out, fixed random target), so every output element gets a distinct gradient.</summary>
    public static Var MseAgainst(Tape tape, Var output, int seed)
    {
        var target = tape.Constant("target", output.Shape);
        new TrainRandom((ulong)seed).FillUniform(target.Values, -1, 1);
        return tape.MseLoss(output, target);
    }
}
