using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Models.Tests.StyleNet;

/// <summary>
/// <see cref="NoteStyleNet.WithPrecision"/>: float as loaded (the reference), bf16 on request, sharing the weights; a bf16
/// run state stays close to float on the shipped model, tracks state refresh, and allocates nothing per note.
/// </summary>
public sealed class NoteStyleNetPrecisionTests
{
    [Fact]
    public void Float_as_loaded_and_bf16_on_request()
    {
        var model = StyleNetTestData.Note();
        Assert.Equal(StyleNetPrecision.Fp32, model.Precision);
        Assert.Same(model, model.WithPrecision(StyleNetPrecision.Fp32));
        var bf16 = model.WithPrecision(StyleNetPrecision.Bf16);
        Assert.Equal(StyleNetPrecision.Bf16, bf16.Precision);
        Assert.Same(model.Config, bf16.Config);
        Assert.Equal(StyleNetPrecision.Bf16, new NoteStyleNetRunState(bf16).Precision);
        Assert.Equal(StyleNetPrecision.Fp32, new NoteStyleNetRunState(model).Precision);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)] // two staggered copies of the LSTM
    public void Bf16_velocities_stay_within_a_fraction_of_a_step_of_float(int refresh)
    {
        var model = StyleNetTestData.Note(refresh);
        var notes = StyleNetTestData.Notes(300);
        var expected = new float[notes.Length];
        var actual = new float[notes.Length];
        model.Predict(notes, 0.5f, StyleNetStyle.Classical, expected);
        model.WithPrecision(StyleNetPrecision.Bf16).Predict(notes, 0.5f, StyleNetStyle.Classical, actual);
        for (var i = 0; i < notes.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 0.25f, $"note {i}: float {expected[i]}, bf16 {actual[i]}");
        }

        Assert.NotEqual(expected, actual); // it did run in bf16
    }

    [Fact]
    public void A_bf16_stream_of_the_shipped_model_allocates_nothing_per_note()
    {
        var model = NoteStyleNet.Load(RepoPaths.InRepo("models", "stylenet-note.json")).WithPrecision(StyleNetPrecision.Bf16);
        var stream = model.CreateStream(Lookahead.Causal, StyleNetStyle.Classical);
        var t = 0.0;
        var outOfRange = 0;
        var taken = 0;
        void Play(int n)
        {
            for (var i = 0; i < n; i++)
            {
                t += 0.1;
                stream.NoteOn(t, 40 + (i * 7 % 48), false);
                stream.NoteOff(40 + (i * 7 % 48), t + 0.05);
                while (stream.TryTake(t, out _, out var v))
                {
                    taken++;
                    outOfRange += v is < 1 or > 127 ? 1 : 0;
                }
            }
        }

        Play(600);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Play(600);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal((1200, 0), (taken, outOfRange));
    }
}
