using MusicGen.Live.Midi;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.TestSupport;
using Xunit.Abstractions;

namespace MusicGen.Live.Models.Tests.PhraseTransformer;

/// <summary>
/// The compact decode precisions of the shipped PhraseTransformer (bfloat16 weights and KV cache; int8 weights with
/// a bfloat16 KV cache; int8 or bfloat16 weights with an int8 KV cache whose attention runs in integers; float
/// accumulation in the weights), one of which the engine decodes in. Each is held
/// against float on a test-split performance (never seen in training or selection), teacher-forced over more
/// events than the window: each field's predicted distribution stays within a small KL of float's, and the
/// per-event NLL moves by less than 0.5 %.
/// </summary>
public sealed class PhraseDecodePrecisionTests(ITestOutputHelper output)
{
    // Per-field mean KL(fp32 ‖ compact) in nats allowed. For scale: the fields' entropies are ~0.2–3 nats, so
    // 0.0005 nats is a change in sampling no listener or metric would notice (measured, largest field: about
    // 2.5e-5 for bf16, 2.3e-4 for int8, 3.7e-4 with the int8 cache; the test prints them).
    private const double MeanKlTolerance = 5e-4;
    private const double MaxRelativeNllChange = 0.005;

    [Theory]
    [InlineData(PhraseDecodePrecision.Bf16)]
    [InlineData(PhraseDecodePrecision.Int8)]
    [InlineData(PhraseDecodePrecision.Int8A16)]
    [InlineData(PhraseDecodePrecision.Int8A16Kv)]
    public void Compact_decode_keeps_the_distributions_and_nll_of_fp32(PhraseDecodePrecision precision)
    {
        var stem = RepoPaths.InRepo(PhraseTransformerFile.DefaultStem);
        var fp32 = PhraseTransformerFile.Load(stem).Model;
        var bf16 = PhraseTransformerFile.Load(stem).Model.UseDecodePrecision(precision);
        var name = precision.ToString().ToLowerInvariant();
        var piece = TestSplitPiece();
        var events = PhraseMidi.ReadEvents(MidiFile.Read(piece));
        var count = Math.Min(events.Count, fp32.Config.Window + 64);
        Assert.True(count > fp32.Config.Window, $"{piece} has {events.Count} events; the test needs more than the window ({fp32.Config.Window})");

        var enc = fp32.Encoding;
        var s32 = new PhraseRunState(fp32.Config);
        var s16 = new PhraseRunState(bf16.Config, 1, bf16.CacheFormat);
        var p = new float[fp32.MaxClasses()];
        var q = new float[fp32.MaxClasses()];
        var kl = new double[PhraseToken.FieldCount];
        var scored = new int[PhraseToken.FieldCount];
        double nll32 = 0, nll16 = 0;
        fp32.Observe(enc.Encode(events[0]), s32);
        bf16.Observe(enc.Encode(events[0]), s16);
        for (var t = 1; t < count; t++)
        {
            var target = enc.Encode(events[t]);
            fp32.BeginFields(s32);
            bf16.BeginFields(s16);
            for (var f = 0; f < PhraseToken.FieldCount; f++)
            {
                var value = target.Get(f);
                if (value == PhraseToken.None)
                {
                    continue;
                }

                var n = enc.ClassCount(f);
                fp32.FieldLogits((PhraseField)f, s32, p.AsSpan(0, n));
                bf16.FieldLogits((PhraseField)f, s16, q.AsSpan(0, n));
                var (lp, lq) = (LogSoftmax(p.AsSpan(0, n)), LogSoftmax(q.AsSpan(0, n)));
                for (var i = 0; i < n; i++)
                {
                    kl[f] += Math.Exp(lp[i]) * (lp[i] - lq[i]);
                }

                scored[f]++;
                nll32 -= lp[value];
                nll16 -= lq[value];
                fp32.ChooseField((PhraseField)f, value, s32);
                bf16.ChooseField((PhraseField)f, value, s16);
            }

            fp32.Observe(target, s32);
            bf16.Observe(target, s16);
        }

        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            Assert.True(scored[f] > 0, $"field {(PhraseField)f} was never scored");
            var mean = kl[f] / scored[f];
            output.WriteLine($"{(PhraseField)f}: mean KL(fp32 ‖ {name}) {mean:G3} nats over {scored[f]} events");
            Assert.True(mean is >= 0 and <= MeanKlTolerance, $"{(PhraseField)f}: mean KL(fp32 ‖ {name}) {mean:G3} nats over {scored[f]} events, allowed {MeanKlTolerance}");
        }

        var change = Math.Abs(nll16 - nll32) / nll32;
        output.WriteLine($"{Path.GetFileName(piece)}, {count - 1} events: "
            + $"NLL per event fp32 {nll32 / (count - 1):0.00000} vs {name} {nll16 / (count - 1):0.00000} nats "
            + $"({100 * (nll16 - nll32) / nll32:+0.000;-0.000} %)");
        Assert.True(
            change < MaxRelativeNllChange,
            $"NLL per event fp32 {nll32 / (count - 1):0.0000} vs {name} {nll16 / (count - 1):0.0000} nats: {100 * change:0.000} % apart, allowed {100 * MaxRelativeNllChange} %");
    }

    /// <summary>The first nasap performance of the test split (splits/split.csv) that exists here.</summary>
    internal static string TestSplitPiece()
    {
        var csv = Path.Combine(RepoPaths.Data, "splits", "split.csv");
        foreach (var line in File.ReadLines(csv).Skip(1))
        {
            var cols = line.Split(',');
            if (cols.Length >= 4 && cols[1] == "nasap" && cols[3] == "test")
            {
                var path = Path.Combine(RepoPaths.Data, cols[0]);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        throw new FileNotFoundException($"no nasap test-split performance listed in {csv} exists under {RepoPaths.Data}");
    }

    private static double[] LogSoftmax(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (var v in logits)
        {
            sum += Math.Exp(v - max);
        }

        var log = Math.Log(sum) + max;
        var r = new double[logits.Length];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = logits[i] - log;
        }

        return r;
    }
}
