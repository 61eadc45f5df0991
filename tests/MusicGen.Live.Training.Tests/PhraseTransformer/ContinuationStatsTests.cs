using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Training.PhraseTransformer;

namespace MusicGen.Live.Training.Tests.PhraseTransformer;

/// <summary>Each continuation statistic on hand-made sequences whose answer is known.</summary>
public sealed class ContinuationStatsTests
{
    private static List<PhraseEvent> Notes(double shift, params int[] pitches) =>
        pitches.Select((p, i) => PhraseEvent.Note(i == 0 ? 0 : shift, p, shift, 64)).ToList();

    private static List<PhraseEvent> Rhythm(params double[] iois) =>
        [PhraseEvent.Note(0, 60, 0.1, 64), .. iois.Select(t => PhraseEvent.Note(t, 60, 0.1, 64))];

    [Fact]
    public void RegisterGapIsTheDifferenceOfMeanPitches()
    {
        Assert.Equal(11, ContinuationStats.RegisterGap(Notes(0.5, 60, 62, 64), Notes(0.5, 72, 74)), 9);
        Assert.Equal(-12, ContinuationStats.RegisterGap(Notes(0.5, 60, 64), Notes(0.5, 48, 52)), 9);
        Assert.True(double.IsNaN(ContinuationStats.RegisterGap(Notes(0.5, 60), [PhraseEvent.Pedal(0.5, true)])));
    }

    [Fact]
    public void IoiBinsAreAChordBinThenHalfOctaves()
    {
        Assert.Equal(0, ContinuationStats.IoiBin(0));
        Assert.Equal(0, ContinuationStats.IoiBin(0.029));
        Assert.Equal(1, ContinuationStats.IoiBin(0.03));
        Assert.Equal(1, ContinuationStats.IoiBin(0.042));
        Assert.Equal(2, ContinuationStats.IoiBin(0.043)); // 30 ms · √2 = 42.4 ms
        Assert.Equal(3, ContinuationStats.IoiBin(0.06));
        Assert.Equal(7, ContinuationStats.IoiBin(0.25)); // 0.24 ≤ 0.25 < 0.339
        Assert.Equal(9, ContinuationStats.IoiBin(0.5));
        Assert.Equal(ContinuationStats.IoiBins - 1, ContinuationStats.IoiBin(60));
    }

    [Fact]
    public void IoisCountPedalShiftsAsTimeAndSkipThePedalItself()
    {
        List<PhraseEvent> events = [PhraseEvent.Note(0, 60, 1, 64), PhraseEvent.Pedal(0.2, true), PhraseEvent.Note(0.3, 62, 1, 64), PhraseEvent.Note(0, 66, 1, 64)];
        Assert.Equal([0.5, 0], ContinuationStats.Iois(events));
    }

    [Fact]
    public void IoiDistanceIsTheTotalVariationOfTheHistograms()
    {
        var quarters = Rhythm(0.25, 0.25, 0.25, 0.25);
        var halves = Rhythm(0.5, 0.5, 0.5, 0.5);
        var mixed = Rhythm(0.25, 0.5, 0.25, 0.5);
        Assert.Equal(0, ContinuationStats.IoiDistance(quarters, Rhythm(0.25, 0.25)), 9);
        Assert.Equal(1, ContinuationStats.IoiDistance(quarters, halves), 9);
        Assert.Equal(0.5, ContinuationStats.IoiDistance(quarters, mixed), 9);
        Assert.True(double.IsNaN(ContinuationStats.IoiDistance(quarters, Rhythm())));
    }

    [Fact]
    public void RhythmRepeatRateCountsRepeatedIoiFourGrams()
    {
        // 10 equal IOIs: 7 four-grams, all the same, so 6 repeat.
        Assert.Equal(6.0 / 7, ContinuationStats.RhythmRepeatRate(Rhythm([.. Enumerable.Repeat(0.25, 10)])), 9);

        // Each IOI in a bin of its own: nothing repeats.
        Assert.Equal(0, ContinuationStats.RhythmRepeatRate(Rhythm([.. Enumerable.Range(0, 10).Select(k => 0.03 * Math.Pow(2, k / 2.0) * 1.01)])), 9);

        // A two-IOI pattern (short, long) repeated: the 4-grams alternate between two, so all but the first two repeat.
        Assert.Equal(5.0 / 7, ContinuationStats.RhythmRepeatRate(Rhythm(0.2, 0.6, 0.2, 0.6, 0.2, 0.6, 0.2, 0.6, 0.2, 0.6)), 9);
    }

    [Fact]
    public void PitchRepeatRateCountsRepeatedPitchFourGrams()
    {
        Assert.Equal(5.0 / 7, ContinuationStats.LoopRate(Notes(0.25, 60, 62, 60, 62, 60, 62, 60, 62, 60, 62)), 9);
        Assert.Equal(0, ContinuationStats.LoopRate(Notes(0.25, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69)), 9);
    }

    [Fact]
    public void WindowedDensityRatioComparesNotesPerSecond()
    {
        var prompt = Notes(0.5, 60, 62, 64, 65, 67, 69, 71, 72); // 8 notes over 3.5 s
        Assert.Equal(4 / 2.0 / (8 / 3.5), ContinuationStats.DensityRatio(prompt, Notes(0.5, 60, 62, 64, 65), 2), 9);
        Assert.Equal(0, ContinuationStats.DensityRatio(prompt, [], 2), 9); // silence is the sparsest answer, not a missing one
    }

    [Fact]
    public void InKeyShareUsesThePromptsKey()
    {
        var cMajor = Notes(0.5, 60, 62, 64, 65, 67, 69, 71, 72, 67, 64, 60);
        Assert.Equal(0.5, ContinuationStats.InKeyShare(cMajor, Notes(0.5, 60, 61, 62, 63)), 9);
        Assert.Equal(1, ContinuationStats.InKeyShare(cMajor, Notes(0.5, 48, 55, 76)), 9);
    }
}
