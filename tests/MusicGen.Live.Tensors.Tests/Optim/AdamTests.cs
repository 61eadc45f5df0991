using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Tensors.Tests.Autograd;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Tests.Optim;

public sealed class AdamTests
{
    [Theory]
    [InlineData("adam", false)]
    [InlineData("adamw", true)]
    public void Three_clipped_steps_match_pytorch(string name, bool decoupled)
    {
        var g = GoldenGrads.Load("grads_optim.json");
        var cfg = g.Config;
        var ps = new ParameterSet();
        var p = ps.Add("p", [37]);
        g.Inputs["p0"].Data.CopyTo(p.Data, 0);
        var opt = new Adam(ps, new AdamOptions
        {
            LearningRate = (float)cfg.GetProperty("lr").GetDouble(),
            Beta1 = (float)cfg.GetProperty("beta1").GetDouble(),
            Beta2 = (float)cfg.GetProperty("beta2").GetDouble(),
            Epsilon = (float)cfg.GetProperty("eps").GetDouble(),
            WeightDecay = (float)cfg.GetProperty("weight_decay").GetDouble(),
            Decoupled = decoupled,
        });
        for (var i = 0; i < 3; i++)
        {
            g.Inputs[$"g{i}"].Data.CopyTo(p.Grad, 0);
            GradClip.ClipByGlobalNorm(ps, cfg.GetProperty("clip").GetDouble());
            opt.Step();
            GoldenGrads.AssertClose($"{name} step {i}", p.Values, g.Inputs[$"{name}_after{i}"].Data);
        }
    }

    [Fact]
    public void Vector_update_equals_scalar_reference_with_ragged_tail()
    {
        var rng = new TrainRandom(5);
        foreach (var n in new[] { 1, 7, 16, 33, 100 })
        {
            var p = new float[n];
            var gr = new float[n];
            var m = new float[n];
            var v = new float[n];
            rng.FillNormal(p, 1);
            rng.FillNormal(gr, 1);
            rng.FillUniform(m, -1, 1);
            rng.FillUniform(v, 0, 1);
            var (p2, m2, v2) = ((float[])p.Clone(), (float[])m.Clone(), (float[])v.Clone());
            Adam.Update(p, gr, m, v, 0.9f, 0.99f, 1e-8f, 0.01f, 0.3f, 0.01f, 0.999f);
            Adam.UpdateReference(p2, gr, m2, v2, 0.9f, 0.99f, 1e-8f, 0.01f, 0.3f, 0.01f, 0.999f);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(p2[i], p[i], 1e-6f);
                Assert.Equal(m2[i], m[i], 1e-6f);
                Assert.Equal(v2[i], v[i], 1e-6f);
            }
        }
    }

    [Fact]
    public void Invalid_option_is_named()
    {
        var ps = new ParameterSet();
        ps.Add("p", [3]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(ps, new AdamOptions { Beta2 = 1.5f }));
        Assert.Contains("Beta2", ex.Message);
    }
}
