using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Models.Tests.StyleNet;

/// <summary>
/// <see cref="NoteStyleNet.WithPrecision"/>: float as loaded (the reference), bf16 or int16 on request, sharing the weights;
/// a bf16 or int16 run state stays within a quarter of a velocity step of float, tracks state refresh, and allocates nothing per note.
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
        Assert.Equal(StyleNetPrecision.Int16, new NoteStyleNetRunState(model.WithPrecision(StyleNetPrecision.Int16)).Precision);
    }

    [Theory]
    [InlineData(0, StyleNetPrecision.Bf16)]
    [InlineData(16, StyleNetPrecision.Bf16)] // two staggered copies of the LSTM
    [InlineData(0, StyleNetPrecision.Int16)]
    [InlineData(16, StyleNetPrecision.Int16)]
    public void Compact_velocities_stay_within_a_fraction_of_a_step_of_float(int refresh, StyleNetPrecision precision)
    {
        var model = StyleNetTestData.Note(refresh);
        var notes = StyleNetTestData.Notes(300);
        var expected = new float[notes.Length];
        var actual = new float[notes.Length];
        model.Predict(notes, 0.5f, StyleNetStyle.Classical, expected);
        model.WithPrecision(precision).Predict(notes, 0.5f, StyleNetStyle.Classical, actual);
        for (var i = 0; i < notes.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 0.25f, $"note {i}: float {expected[i]}, {precision} {actual[i]}");
        }

        Assert.NotEqual(expected, actual); // it did run in the compact format
    }

    [Theory]
    [InlineData(StyleNetPrecision.Bf16)]
    [InlineData(StyleNetPrecision.Int16)]
    public void A_compact_stream_of_the_shipped_model_allocates_nothing_per_note(StyleNetPrecision precision)
    {
        var model = NoteStyleNet.Load(RepoPaths.InRepo("models", "stylenet-note.json")).WithPrecision(precision);
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
