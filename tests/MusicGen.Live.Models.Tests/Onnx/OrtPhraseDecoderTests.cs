using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.TestSupport;
using Xunit.Abstractions;

namespace MusicGen.Live.Models.Tests.Onnx;

/// <summary>
/// The shipped phrase model on ONNX Runtime against the native runtime, on test-split performances: the same
/// logits for every field (teacher-forced) within 1e-4, past the window so the rings wrap, and the same
/// sampled notes for the same seed.
/// </summary>
public sealed class OrtPhraseDecoderTests(ITestOutputHelper output, ShippedModels models) : IClassFixture<ShippedModels>
{
    private const float Tolerance = 1e-4f;
    private readonly ShippedModels _models = models;

    [Fact]
    public void Logits_match_the_native_runtime_on_test_split_prompts()
    {
        var native = new NativePhraseDecoder(_models.PhraseNative);
        using var ort = _models.Phrase.CreateDecoder();
        var encoding = native.Config.CreateEncoding();
        var classes = Enumerable.Range(0, PhraseToken.FieldCount).Max(encoding.ClassCount);
        var a = new float[classes];
        var b = new float[classes];
        var worst = 0f;
        var compared = 0;
        foreach (var (path, file) in TestSplitPrompts.Files(2))
        {
            var events = PhraseMidi.ReadEvents(file);
            var n = Math.Min(events.Count, native.Config.Window + 60); // the rings wrap after Window events
            Assert.True(n > native.Config.Window, $"{path}: {events.Count} events, the test needs more than the window");
            native.Reset();
            ort.Reset();
            for (var t = 0; t + 1 < n; t++)
            {
                var token = encoding.Encode(events[t]);
                native.Observe(token);
                ort.Observe(token);
                Assert.Equal(native.Position, ort.Position);
                if (t % 7 != 0 && t < n - 8)
                {
                    continue;
                }

                var next = encoding.Encode(events[t + 1]);
                native.BeginFields();
                ort.BeginFields();
                for (var f = 0; f < PhraseToken.FieldCount; f++)
                {
                    var k = encoding.ClassCount(f);
                    native.FieldLogits((PhraseField)f, a.AsSpan(0, k));
                    ort.FieldLogits((PhraseField)f, b.AsSpan(0, k));
                    for (var i = 0; i < k; i++)
                    {
                        var d = Math.Abs(a[i] - b[i]);
                        worst = Math.Max(worst, d);
                        Assert.True(d <= Tolerance, $"{path} event {t} field {(PhraseField)f} class {i}: native {a[i]}, onnx {b[i]}");
                    }

                    compared += k;
                    native.ChooseField((PhraseField)f, next.Get(f));
                    ort.ChooseField((PhraseField)f, next.Get(f));
                }
            }
        }

        output.WriteLine($"{compared} logits compared, largest difference {worst:E2}");
    }

    [Fact]
    public void Truncation_matches_the_native_runtime_within_the_window_and_after_the_rings_wrapped()
    {
        var native = new NativePhraseDecoder(_models.PhraseNative);
        using var ort = _models.Phrase.CreateDecoder();
        var encoding = native.Config.CreateEncoding();
        var (path, file) = TestSplitPrompts.Files(1)[0];
        var events = PhraseMidi.ReadEvents(file);
        var window = native.Config.Window;
        Assert.True(events.Count > window + 60, $"{path}: {events.Count} events, the test needs more than the window");
        var a = new float[encoding.Shift.Count];
        var b = new float[encoding.Shift.Count];
        void Feed(int i)
        {
            var token = encoding.Encode(events[i]);
            native.Observe(token);
            ort.Observe(token);
        }

        void Compare(string where)
        {
            native.BeginFields();
            ort.BeginFields();
            native.FieldLogits(PhraseField.Shift, a);
            ort.FieldLogits(PhraseField.Shift, b);
            for (var i = 0; i < a.Length; i++)
            {
                Assert.True(Math.Abs(a[i] - b[i]) <= Tolerance, $"{path} {where} class {i}: native {a[i]}, onnx {b[i]}");
            }
        }

        var t = 0;
        foreach (var stop in new[] { 100, window + 30 })
        {
            for (; t < stop; t++)
            {
                Feed(t);
            }

            for (var k = 0; k < 6; k++)
            {
                Feed(stop + 20 + k); // decoded ahead, never played
            }

            native.Truncate(stop - 1);
            ort.Truncate(stop - 1);
            Assert.Equal(stop - 1, native.Position);
            Assert.Equal(stop - 1, ort.Position);
            Feed(stop - 1); // the last kept event again: the hidden state predicts from it
            Compare($"rolled back to {stop}");
            for (var k = 0; k < 10; k++, t++)
            {
                Feed(t);
            }

            Compare($"10 events after rolling back to {stop}");
        }
    }

    [Fact]
    public void Sampling_with_the_same_seed_gives_the_same_notes()
    {
        var (path, file) = TestSplitPrompts.Files(1)[0];
        var prompt = PhraseMidi.ReadEvents(file).Take(96).ToArray();
        var settings = new PhraseSamplingSettings();
        using var ort = _models.Phrase.CreateDecoder();
        var native = Continue(new PhraseGenerator(_models.PhraseNative, 7), prompt, settings);
        var onnx = Continue(new PhraseGenerator(ort, 7), prompt, settings);
        Assert.True(native.Count(e => e.Kind == PhraseEventKind.Note) >= 20, $"{path}: the continuation should hold notes");
        Assert.Equal(native, onnx);
    }

    [Fact]
    public void Steps_allocate_nothing()
    {
        using var ort = _models.Phrase.CreateDecoder();
        var g = new PhraseGenerator(ort, 3);
        var settings = new PhraseSamplingSettings().ParseTemperatures("pitch=0.9").ParseTopP("pitch=0.9");
        g.Observe(PhraseEvent.Note(0, 60, 0.5, 70));
        for (var i = 0; i < 20; i++)
        {
            g.SampleNext(settings);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 60; i++)
        {
            g.Observe(PhraseEvent.Note(0.1, 60 + (i % 12), 0.3, 64));
            g.SampleNext(settings);
        }

        g.Reset();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void A_bad_token_is_refused_naming_the_field()
    {
        using var ort = _models.Phrase.CreateDecoder();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ort.Observe(new PhraseToken(0, 0, 500, 0, 0)));
        Assert.Contains("Pitch", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, ort.Position);
    }

    private static List<PhraseEvent> Continue(PhraseGenerator g, IEnumerable<PhraseEvent> prompt, PhraseSamplingSettings settings)
    {
        foreach (var e in prompt)
        {
            g.Observe(e);
        }

        var events = new List<PhraseEvent>();
        for (var i = 0; i < 48; i++)
        {
            events.Add(g.SampleNext(settings));
        }

        return events;
    }
}
