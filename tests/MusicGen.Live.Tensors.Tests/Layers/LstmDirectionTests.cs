using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Tests.Kernels;

namespace MusicGen.Live.Tensors.Tests.Layers;

public sealed class LstmDirectionTests
{
    private static readonly LstmConfig Cfg = new(5, 7, 1, Bidirectional: true);

    [Fact]
    public void Each_direction_matches_the_whole_sequence_forward()
    {
        var w = LstmWeights.Random(new Random(4), Cfg);
        var (batch, steps) = (3, 6);
        var x = RandomData(new Random(5), batch * steps * 5);
        var expected = new float[batch * steps * 14];
        Lstm.Forward(w, new LstmRunState(Cfg, batch, steps), x, expected, batch, steps);

        var forward = Run(w, 0, x, batch, steps);
        var reversed = Reverse(x, batch, steps, 5);
        var backward = Reverse(Run(w, 1, reversed, batch, steps), batch, steps, 7);
        for (var r = 0; r < batch * steps; r++)
        {
            Close.All(expected.AsSpan(r * 14, 7).ToArray(), forward.AsSpan(r * 7, 7).ToArray(), 1e-5f, 1e-7f, $"forward row {r}");
            Close.All(expected.AsSpan((r * 14) + 7, 7).ToArray(), backward.AsSpan(r * 7, 7).ToArray(), 1e-5f, 1e-7f, $"backward row {r}");
        }

        // The same halves written in place: strided into one [rows, 14] output, the backward one with reverse.
        var both = new float[expected.Length];
        var (gates, h, c) = (new float[batch * steps * 28], new float[batch * 7], new float[batch * 7]);
        LstmDirection.Run(w, 0, x, batch, steps, default, default, both, 14, reverse: false, default, gates, h, c);
        LstmDirection.Run(w, 1, x, batch, steps, default, default, both.AsSpan(7), 14, reverse: true, default, gates, h, c);
        Close.All(expected, both, 1e-6f, 1e-7f, "strided");
    }

    [Fact]
    public void Resuming_from_a_saved_step_continues_the_same_run()
    {
        var w = LstmWeights.Random(new Random(6), Cfg);
        const int steps = 9;
        var x = RandomData(new Random(7), steps * 5);
        var whole = new float[steps * 7];
        var cells = new float[steps * 7];
        var (gates, h, c) = (new float[steps * 28], new float[7], new float[7]);
        LstmDirection.Run(w, 0, x, 1, steps, default, default, whole, 7, reverse: false, cells, gates, h, c);

        // Resume after step 3 (index 3) over the rest: steps 4..8 again.
        var rest = new float[5 * 7];
        LstmDirection.Run(w, 0, x.AsSpan(4 * 5), 1, 5, whole.AsSpan(3 * 7, 7), cells.AsSpan(3 * 7, 7), rest, 7, reverse: false, default, gates, h, c);
        Close.All(whole.AsSpan(4 * 7).ToArray(), rest, 1e-6f, 1e-7f, "resumed");
        Assert.NotEqual(whole[0], whole[7]);
    }

    private static float[] Run(LstmWeights w, int index, float[] x, int batch, int steps)
    {
        var y = new float[batch * steps * 7];
        LstmDirection.Run(w, index, x, batch, steps, default, default, y, 7, reverse: false, default, new float[batch * steps * 28], new float[batch * 7], new float[batch * 7]);
        return y;
    }

    private static float[] Reverse(float[] x, int batch, int steps, int width)
    {
        var r = new float[x.Length];
        for (var b = 0; b < batch; b++)
        {
            for (var t = 0; t < steps; t++)
            {
                x.AsSpan(((b * steps) + t) * width, width).CopyTo(r.AsSpan(((b * steps) + steps - 1 - t) * width, width));
            }
        }

        return r;
    }

    private static float[] RandomData(Random rng, int n) => [.. Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1))];
}
