using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Tests.Golden;
using MusicGen.Live.Tensors.Tests.Kernels;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Tensors.Tests.Layers;

public sealed class DecoderTests
{
    private static TransformerConfig Small(int window) => new(Vocab: 37, Layers: 2, new DecoderConfig(ModelDim: 32, Heads: 4, MlpDim: 64, Window: window));

    [Fact]
    public void Decoder_block_with_rotary_matches_pytorch()
    {
        var g = GoldenFiles.Load("decoder_block.safetensors");
        var cfg = new DecoderConfig(64, 4, 256, Window: 64);
        var block = DecoderBlock.Load(g, string.Empty, cfg);
        var x = g.Require("input", 2, 12, 64).Data;
        var expected = g.Require("output", 2, 12, 64).Data;
        var state = new DecoderRunState(cfg, 12);
        for (var b = 0; b < 2; b++)
        {
            var seq = x.AsSpan(b * 12 * 64, 12 * 64).ToArray();
            block.Forward(seq, 12, state);
            Close.All(expected.AsSpan(b * 12 * 64, 12 * 64), seq, 1e-4f, 1e-5f, $"full, sequence {b}");

            // The same block decoding one token at a time against its cache.
            var cache = new KvCache(cfg);
            var stepped = x.AsSpan(b * 12 * 64, 12 * 64).ToArray();
            for (var t = 0; t < 12; t++)
            {
                block.Step(stepped.AsSpan(t * 64, 64), cache, state);
            }

            Close.All(expected.AsSpan(b * 12 * 64, 12 * 64), stepped, 1e-4f, 1e-5f, $"cached, sequence {b}");
        }
    }

    [Fact]
    public void Windowed_transformer_matches_pytorch_in_full_and_cached_decode()
    {
        var g = GoldenFiles.Load("transformer.safetensors");
        var cfg = new TransformerConfig(50, 2, new DecoderConfig(32, 4, 64, Window: 8));
        var model = Transformer.Load(g, cfg);
        var tokens = g.Require("tokens", 20).Data.Select(v => (int)v).ToArray();
        var expected = g.Require("logits", 20, 50).Data;
        var state = new TransformerRunState(cfg, 20);
        var full = new float[20 * 50];
        model.Forward(tokens, full, state);
        Close.All(expected, full, 1e-4f, 1e-5f, "full");

        state.Reset();
        var logits = new float[50];
        for (var t = 0; t < tokens.Length; t++)
        {
            model.Step(tokens[t], logits, state);
            Close.All(expected.AsSpan(t * 50, 50), logits, 1e-4f, 1e-5f, $"cached, position {t}");
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(5)]
    public void Cached_decode_equals_full_recompute(int window)
    {
        var cfg = Small(window);
        var model = Transformer.Random(new Random(11), cfg);
        var rng = new Random(12);
        var tokens = Enumerable.Range(0, 23).Select(_ => rng.Next(cfg.Vocab)).ToArray();
        var full = new float[tokens.Length * cfg.Vocab];
        var state = new TransformerRunState(cfg, tokens.Length);
        model.Forward(tokens, full, state);

        state.Reset();
        var logits = new float[cfg.Vocab];
        for (var t = 0; t < tokens.Length; t++)
        {
            model.Step(tokens[t], logits, state);
            Close.All(full.AsSpan(t * cfg.Vocab, cfg.Vocab), logits, 1e-4f, 1e-5f, $"position {t}");
        }
    }

    [Fact]
    public void Prefill_then_steps_equals_full_recompute()
    {
        var cfg = Small(8);
        var model = Transformer.Random(new Random(21), cfg);
        var tokens = Enumerable.Range(0, 15).Select(i => (i * 7) % cfg.Vocab).ToArray();
        var full = new float[tokens.Length * cfg.Vocab];
        var state = new TransformerRunState(cfg, tokens.Length);
        model.Forward(tokens, full, state);

        var prefill = new float[10 * cfg.Vocab];
        model.Forward(tokens.AsSpan(0, 10), prefill, state);
        var logits = new float[cfg.Vocab];
        for (var t = 10; t < tokens.Length; t++)
        {
            model.Step(tokens[t], logits, state);
            Close.All(full.AsSpan(t * cfg.Vocab, cfg.Vocab), logits, 1e-4f, 1e-5f, $"position {t}");
        }
    }

    [Fact]
    public void Decode_step_allocates_nothing_even_past_the_window()
    {
        var cfg = Small(16);
        var model = Transformer.Random(new Random(5), cfg);
        var state = new TransformerRunState(cfg, 1);
        var logits = new float[cfg.Vocab];
        model.Step(1, logits, state);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 0; t < 50; t++)
        {
            model.Step(t % cfg.Vocab, logits, state);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(51, state.NextPosition);
    }

    [Fact]
    public void Weights_round_trip_through_safetensors()
    {
        var cfg = Small(8);
        var model = Transformer.Random(new Random(2), cfg);
        using var ms = new MemoryStream();
        SafeTensors.Write(ms, model.ToNamedTensors());
        ms.Position = 0;
        var loaded = Transformer.Load(SafeTensors.Read(ms, "mem"), cfg);
        var a = new float[cfg.Vocab];
        var b = new float[cfg.Vocab];
        model.Step(3, a, new TransformerRunState(cfg, 1));
        loaded.Step(3, b, new TransformerRunState(cfg, 1));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Loading_into_a_wider_config_names_the_first_bad_tensor()
    {
        var model = Transformer.Random(new Random(2), Small(8));
        var wider = new TransformerConfig(37, 2, new DecoderConfig(64, 4, 64, 8));
        var ex = Assert.Throws<WeightMismatchException>(() => Transformer.Load(model.ToNamedTensors(), wider));
        Assert.Equal("blocks.0.ln1.weight", ex.TensorName);
    }

    [Fact]
    public void Int8_cache_with_integer_attention_follows_the_float_cache_past_an_odd_window()
    {
        // The same float weights; only the cache differs. An odd window of three part-filled key panels, stepped
        // until it has wrapped twice: every count from 1 to the window, and a full ring, go through the kernels.
        var cfg = Small(67);
        var model = Transformer.Random(new Random(12), cfg);
        var sf = new TransformerRunState(cfg, 1);
        var si = new TransformerRunState(cfg, 1, KvCacheFormat.Int8);
        var lf = new float[cfg.Vocab];
        var li = new float[cfg.Vocab];
        for (var t = 0; t < 150; t++)
        {
            model.Step((t * 7) % cfg.Vocab, lf, sf);
            model.Step((t * 7) % cfg.Vocab, li, si);
            Close.All(lf, li, 0f, 0.03f * lf.Max(Math.Abs), $"position {t}");
        }
    }

    [Theory]
    [InlineData(KvCacheFormat.Bf16)]
    [InlineData(KvCacheFormat.Int8)]
    public void Compact_decode_stays_close_to_float_and_allocates_nothing(KvCacheFormat cache)
    {
        var cfg = Small(16);
        var exact = Transformer.Random(new Random(8), cfg);
        var compact = Transformer.Random(new Random(8), cfg);
        compact.UseBFloat16ForDecode();
        var se = new TransformerRunState(cfg, 1);
        var sc = new TransformerRunState(cfg, 1, cache);
        var le = new float[cfg.Vocab];
        var lc = new float[cfg.Vocab];
        for (var t = 0; t < 30; t++)
        {
            exact.Step(t % cfg.Vocab, le, se);
            compact.Step(t % cfg.Vocab, lc, sc);
            var scale = le.Max(Math.Abs);
            Close.All(le, lc, 0f, 0.03f * scale, $"position {t}");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        compact.Step(1, lc, sc);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
