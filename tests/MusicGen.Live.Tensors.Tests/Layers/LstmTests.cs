using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Tests.Golden;
using MusicGen.Live.Tensors.Tests.Kernels;

namespace MusicGen.Live.Tensors.Tests.Layers;

public sealed class LstmTests
{
    [Fact]
    public void Three_layer_bilstm_matches_pytorch()
    {
        var g = GoldenFiles.Load("bilstm.safetensors");
        var cfg = new LstmConfig(176, 32, 3, Bidirectional: true);
        var w = LstmWeights.Load(g, "lstm.", cfg);
        var x = g.Require("input", 2, 9, 176);
        var expected = g.Require("output", 2, 9, 64);
        var y = new float[expected.Length];
        Lstm.Forward(w, new LstmRunState(cfg, 4, 16), x.Data, y, 2, 9);
        Close.All(expected.Data, y, 1e-4f, 1e-6f);
    }

    [Fact]
    public void Unidirectional_forward_and_streaming_steps_match_pytorch()
    {
        var g = GoldenFiles.Load("lstm_uni.safetensors");
        var cfg = new LstmConfig(176, 32, 2);
        var w = LstmWeights.Load(g, "lstm.", cfg);
        var x = g.Require("input", 1, 7, 176).Data;
        var expected = g.Require("output", 1, 7, 32).Data;
        var y = new float[expected.Length];
        Lstm.Forward(w, new LstmRunState(cfg, 1, 7), x, y, 1, 7);
        Close.All(expected, y, 1e-4f, 1e-6f, "forward");

        var streamer = new LstmStreamer(w);
        var stepped = new float[expected.Length];
        for (var t = 0; t < 7; t++)
        {
            streamer.Step(x.AsSpan(t * 176, 176), stepped.AsSpan(t * 32, 32));
        }

        Close.All(expected, stepped, 1e-4f, 1e-6f, "stream");
    }

    [Theory]
    [InlineData(46, 96, 2)]  // the engine's note StyleNet: an input width with a tail past every vector size
    [InlineData(46, 160, 2)] // the large file model
    [InlineData(13, 5, 3)]   // nothing a multiple of anything
    public void Streaming_step_matches_the_step_built_from_scalar_references(int input, int hidden, int layers)
    {
        var cfg = new LstmConfig(input, hidden, layers);
        var w = LstmWeights.Random(new Random(3), cfg);
        var streamer = new LstmStreamer(w);
        var h = new float[layers * hidden];
        var c = new float[layers * hidden];
        var gates = new float[4 * hidden];
        var rng = new Random(4);
        var y = new float[hidden];
        for (var t = 0; t < 40; t++)
        {
            var x = Close.Random(rng, input);
            streamer.Step(x, y);
            for (var k = 0; k < layers; k++)
            {
                var inK = cfg.LayerInputSize(k);
                var layerIn = k == 0 ? x : h.AsSpan((k - 1) * hidden, hidden).ToArray();
                MatVec.Reference(w.WeightIh[k].Data, layerIn, gates, 4 * hidden, inK);
                MatVec.Reference(w.WeightHh[k].Data, h.AsSpan(k * hidden, hidden), gates, 4 * hidden, hidden, accumulate: true);
                Elementwise.AddReference(gates, w.BiasIh[k].Data, gates);
                Elementwise.AddReference(gates, w.BiasHh[k].Data, gates);
                LstmCell.Reference(gates, c.AsSpan(k * hidden, hidden), c.AsSpan(k * hidden, hidden), h.AsSpan(k * hidden, hidden), 1, hidden);
            }

            Close.All(h.AsSpan((layers - 1) * hidden, hidden), y, 1e-4f, 1e-5f, $"step {t}");
        }
    }

    [Fact]
    public void Streaming_step_allocates_nothing()
    {
        var cfg = new LstmConfig(176, 64, 2);
        var streamer = new LstmStreamer(LstmWeights.Random(new Random(1), cfg));
        var x = Close.Random(new Random(2), 176);
        var y = new float[64];
        streamer.Step(x, y);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            streamer.Step(x, y);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    // The compact formats against PyTorch's float golden output: 2e-2 absolute on h for either (bf16 weights, or
    // 13-bit weights and a 13-bit v each step).
    [Theory]
    [InlineData(LstmWeightFormat.Bf16)]
    [InlineData(LstmWeightFormat.Int16)]
    public void Compact_streaming_stays_close_to_float(LstmWeightFormat format)
    {
        var g = GoldenFiles.Load("lstm_uni.safetensors");
        var w = LstmWeights.Load(g, "lstm.", new LstmConfig(176, 32, 2));
        var x = g.Require("input", 1, 7, 176).Data;
        var expected = g.Require("output", 1, 7, 32).Data;
        var streamer = new LstmStreamer(w, format);
        var y = new float[32];
        for (var t = 0; t < 7; t++)
        {
            streamer.Step(x.AsSpan(t * 176, 176), y);
            Close.All(expected.AsSpan(t * 32, 32), y, 0f, 2e-2f, $"{format} step {t}");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        streamer.Step(x.AsSpan(0, 176), y);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Batched_forward_equals_each_sequence_alone()
    {
        var cfg = new LstmConfig(11, 9, 2, Bidirectional: true);
        var w = LstmWeights.Random(new Random(3), cfg);
        var x = Close.Random(new Random(4), 5 * 6 * 11);
        var all = new float[5 * 6 * 18];
        var state = new LstmRunState(cfg, 5, 6);
        Lstm.Forward(w, state, x, all, 5, 6);
        for (var b = 0; b < 5; b++)
        {
            var one = new float[6 * 18];
            Lstm.Forward(w, state, x.AsSpan(b * 66, 66), one, 1, 6);
            Close.All(one, all.AsSpan(b * 108, 108), 1e-5f, 1e-6f, $"sequence {b}");
        }
    }

    [Fact]
    public void Bidirectional_cannot_stream()
    {
        var w = LstmWeights.Random(new Random(1), new LstmConfig(4, 4, 1, true));
        Assert.Throws<ArgumentException>(() => new LstmStreamer(w));
    }
}
