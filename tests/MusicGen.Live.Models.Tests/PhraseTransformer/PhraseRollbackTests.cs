using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Models.Tests.PhraseTransformer;

/// <summary>
/// Rolling back events decoded ahead (<see cref="PhraseGenerator.Rollback"/>, <see cref="IPhraseDecoder.Truncate"/>):
/// within the window the model is exactly as if they had never been fed; beyond it the oldest events they pushed
/// out stay gone, and the window refills.
/// </summary>
public sealed class PhraseRollbackTests
{
    private static readonly PhraseSamplingSettings s_settings = new();

    [Theory]
    [InlineData(PhraseDecodePrecision.Fp32)]
    [InlineData(PhraseDecodePrecision.Bf16)]
    [InlineData(PhraseDecodePrecision.Int8A16Kv)]
    public void Within_the_window_a_rollback_leaves_the_logits_and_the_sampled_events_of_a_model_that_never_saw_them(PhraseDecodePrecision precision)
    {
        var model = Model(window: 64, precision);
        var played = Played(20, seed: 3);
        var more = Played(6, seed: 4);

        var live = new PhraseGenerator(model, seed: 9);
        Feed(live, played);
        live.Mark();
        for (var i = 0; i < 7; i++)
        {
            live.SampleNext(s_settings); // decoded ahead, never played
        }

        live.Rollback();
        Assert.Equal(played.Length, live.Position);
        Feed(live, more);

        var fresh = new PhraseGenerator(model, seed: 9);
        Feed(fresh, played);
        Feed(fresh, more);
        Assert.Equal(fresh.Position, live.Position);
        Assert.Equal(fresh.Time, live.Time, 12);
        Assert.Equal(fresh.PedalDown, live.PedalDown);
        Assert.Equal(Logits(fresh), Logits(live)); // bit for bit: the same steps over the same cache
    }

    [Theory]
    [InlineData(PhraseDecodePrecision.Fp32)]
    [InlineData(PhraseDecodePrecision.Int8A16Kv)]
    public void Truncating_a_wrapped_cache_drops_as_many_oldest_events_until_the_window_refills(PhraseDecodePrecision precision)
    {
        var model = Model(window: 16, precision);
        var played = Played(40, seed: 5);
        var live = new PhraseGenerator(model, seed: 1);
        Feed(live, played);
        live.Mark();
        for (var i = 0; i < 5; i++)
        {
            live.SampleNext(s_settings);
        }

        live.Rollback();
        Assert.Equal(played.Length, live.Position);
        Assert.All(Logits(live), v => Assert.True(float.IsFinite(v)));

        // A model that saw only the last window minus the five lost events (re-fed from scratch) is close, not equal:
        // the kept events' keys were computed with their own longer context. After a window of new events both hold
        // the same positions and agree more closely still; neither is NaN.
        var next = Played(16, seed: 6);
        Feed(live, next);
        var fresh = new PhraseGenerator(model, seed: 1);
        Feed(fresh, played);
        Feed(fresh, next);
        var a = Logits(live);
        var b = Logits(fresh);
        Assert.Equal(b.Length, a.Length);
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) < 1f, "a window later the two agree to well under a logit");
    }

    private static PhraseTransformerModel Model(int window, PhraseDecodePrecision precision)
    {
        var model = PhraseTransformerModel.Random(new Random(21), PhraseTestData.Small(window));
        return precision == PhraseDecodePrecision.Fp32 ? model : model.UseDecodePrecision(precision);
    }

    private static PhraseEvent[] Played(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(i => i % 7 == 3
            ? PhraseEvent.Pedal(rng.NextDouble() * 0.2, down: i % 14 == 3)
            : PhraseEvent.Note(rng.NextDouble() * 0.3, 48 + rng.Next(30), 0.05 + rng.NextDouble(), 30 + rng.Next(90))).ToArray();
    }

    private static void Feed(PhraseGenerator g, PhraseEvent[] events)
    {
        foreach (var e in events)
        {
            g.Observe(e);
        }
    }

    private static float[] Logits(PhraseGenerator g)
    {
        var logits = new float[g.Encoding.Shift.Count];
        g.Decoder.BeginFields();
        g.Decoder.FieldLogits(PhraseField.Shift, logits);
        return logits;
    }

}
