using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Models.Tests.PhraseTransformer;

public sealed class PhraseGeneratorTests
{
    private static readonly PhraseTransformerModel s_model = PhraseTransformerModel.Random(new Random(21), PhraseTestData.Small());

    [Fact]
    public void SameSeedSameEventsAndSettingsApplyBetweenSteps()
    {
        var a = Generate(seed: 5, 60);
        var b = Generate(seed: 5, 60);
        var c = Generate(seed: 6, 60);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void SampledEventsRespectPitchRangePolyphonyAndPedalState()
    {
        var g = new PhraseGenerator(s_model, 9);
        var settings = new PhraseSamplingSettings { LowestPitch = 60, HighestPitch = 64, MaxPolyphony = 2 };
        settings.SetTemperature(PhraseField.Duration, 2f); // long notes push against the polyphony limit
        g.Observe(PhraseEvent.Note(0, 60, 0.5, 70));
        var sounding = new List<(double End, int Pitch)> { (0.5, 60) };
        var time = 0.0;
        var pedal = false;
        for (var i = 0; i < 400; i++)
        {
            var e = g.SampleNext(settings);
            time += e.TimeShift;
            sounding.RemoveAll(n => n.End <= time);
            switch (e.Kind)
            {
                case PhraseEventKind.Note:
                    Assert.InRange(e.Pitch, 60, 64);
                    Assert.DoesNotContain(sounding, n => n.Pitch == e.Pitch);
                    Assert.True(sounding.Count < 2, $"event {i}: {sounding.Count} notes already held");
                    sounding.Add((time + e.Duration, e.Pitch));
                    break;
                case PhraseEventKind.PedalDown:
                    Assert.False(pedal);
                    pedal = true;
                    break;
                case PhraseEventKind.PedalUp:
                    Assert.True(pedal);
                    pedal = false;
                    break;
            }
        }
    }

    [Fact]
    public void TopPOfAlmostZeroAlwaysPicksTheMostLikelyClass()
    {
        var greedy = new PhraseSamplingSettings();
        var nucleus = new PhraseSamplingSettings();
        foreach (var f in Enum.GetValues<PhraseField>())
        {
            greedy.SetTemperature(f, 0);
            nucleus.SetTopP(f, 1e-6f);
        }

        var a = new PhraseGenerator(s_model, 1);
        var b = new PhraseGenerator(s_model, 2);
        a.Observe(PhraseEvent.Note(0, 60, 0.5, 70));
        b.Observe(PhraseEvent.Note(0, 60, 0.5, 70));
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(a.SampleNext(greedy), b.SampleNext(nucleus));
        }
    }

    [Fact]
    public void StepsAllocateNothing()
    {
        var g = new PhraseGenerator(s_model, 3);
        var settings = new PhraseSamplingSettings().ParseTemperatures("pitch=0.9,velocity=1.2").ParseTopP("pitch=0.9,shift=0.95");
        g.Observe(PhraseEvent.Note(0, 60, 0.5, 70));
        for (var i = 0; i < 40; i++)
        {
            g.SampleNext(settings); // past the window of 16: the ring has wrapped
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            g.Observe(PhraseEvent.Note(0.1, 60 + (i % 12), 0.3, 64));
            g.SampleNext(settings);
        }

        g.Reset();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void SettingsRejectBadValuesNamingThem()
    {
        var s = new PhraseSamplingSettings();
        Assert.Contains("--temperature", Assert.Throws<FormatException>(() => s.ParseTemperatures("colour=1")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.SetTopP(PhraseField.Pitch, 0));
        Assert.Throws<InvalidOperationException>(() => new PhraseGenerator(s_model).SampleNext(s));
    }

    private static List<PhraseEvent> Generate(ulong seed, int count)
    {
        var g = new PhraseGenerator(s_model, seed);
        var s = new PhraseSamplingSettings();
        g.Observe(PhraseEvent.Note(0, 60, 0.5, 70));
        var events = new List<PhraseEvent>();
        for (var i = 0; i < count; i++)
        {
            s.SetTemperature(PhraseField.Pitch, i < count / 2 ? 1f : 0.5f);
            events.Add(g.SampleNext(s));
        }

        return events;
    }
}
