using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Models.Tests.PhraseTransformer;

public sealed class PhraseEncodingTests
{
    private static readonly PhraseEncoding s_enc = PhraseEncoding.Default;

    [Fact]
    public void LogBinsRoundTripWithinTheirStatedBound()
    {
        var bins = s_enc.Shift;
        var rng = new Random(1);
        for (var i = 0; i < 20000; i++)
        {
            // Log-uniform from 0.1 ms to 20 s, so every bin and both clamps are hit.
            var s = Math.Exp(Math.Log(1e-4) + (rng.NextDouble() * (Math.Log(20) - Math.Log(1e-4))));
            var back = bins.Decode(bins.Encode(s));
            if (s < bins.Min)
            {
                Assert.Equal(0, back);
            }
            else if (s <= bins.Max)
            {
                Assert.True(Math.Abs(back - s) / s <= bins.MaxRelativeError + 1e-9, $"{s} → {back}");
            }
            else
            {
                Assert.Equal(bins.Count - 1, bins.Encode(s));
            }
        }

        Assert.True(bins.MaxRelativeError < 0.05, $"shift bins too coarse: {bins.MaxRelativeError:P1}");
        Assert.True(s_enc.Duration.MaxRelativeError < 0.06, $"duration bins too coarse: {s_enc.Duration.MaxRelativeError:P1}");
    }

    [Fact]
    public void BinsAreMonotonicAndDecodeInsideThemselves()
    {
        foreach (var bins in new[] { s_enc.Shift, s_enc.Duration })
        {
            for (var b = 1; b < bins.Count; b++)
            {
                Assert.True(bins.Decode(b) > bins.Decode(b - 1));
                Assert.Equal(b, bins.Encode(bins.Decode(b)));
            }
        }
    }

    [Fact]
    public void EventsRoundTripWithBoundedError()
    {
        var rng = new Random(2);
        for (var i = 0; i < 5000; i++)
        {
            var e = rng.Next(5) == 0
                ? PhraseEvent.Pedal(rng.NextDouble() * 2, rng.Next(2) == 0)
                : PhraseEvent.Note(rng.NextDouble() * 3, rng.Next(21, 109), 0.01 + (rng.NextDouble() * 5), rng.Next(1, 128));
            var back = s_enc.Decode(s_enc.Encode(e));
            Assert.Equal(e.Kind, back.Kind);
            var shiftBound = Math.Max(s_enc.Shift.Min, e.TimeShift * s_enc.Shift.MaxRelativeError);
            Assert.True(Math.Abs(back.TimeShift - e.TimeShift) <= shiftBound + 1e-12, $"shift {e.TimeShift} → {back.TimeShift}");
            if (e.Kind == PhraseEventKind.Note)
            {
                Assert.Equal(e.Pitch, back.Pitch);
                Assert.True(Math.Abs(back.Velocity - e.Velocity) <= s_enc.VelocityStep / 2, $"velocity {e.Velocity} → {back.Velocity}");
                Assert.True(Math.Abs(back.Duration - e.Duration) <= (e.Duration * s_enc.Duration.MaxRelativeError) + 1e-12, $"duration {e.Duration} → {back.Duration}");
            }
            else
            {
                var t = s_enc.Encode(e);
                Assert.Equal(PhraseToken.None, t.Pitch);
                Assert.Equal(PhraseToken.None, t.Duration);
                Assert.Equal(PhraseToken.None, t.Velocity);
            }
        }
    }

    [Fact]
    public void PitchesOutsideThePianoFoldByOctaves()
    {
        Assert.Equal(20 + 12, s_enc.Decode(s_enc.Encode(PhraseEvent.Note(0, 20, 0.5, 64))).Pitch);
        Assert.Equal(120 - 12, s_enc.Decode(s_enc.Encode(PhraseEvent.Note(0, 120, 0.5, 64))).Pitch);
    }

    [Fact]
    public void BadTokensThrowNamingTheField()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => s_enc.Decode(new PhraseToken(0, 5, 0, 0, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => s_enc.Decode(new PhraseToken(0, 0, 200, 0, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogBins(2, 1, 2));
    }
}
