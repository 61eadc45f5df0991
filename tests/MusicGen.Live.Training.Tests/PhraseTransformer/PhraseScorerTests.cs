using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Training.PhraseTransformer;

namespace MusicGen.Live.Training.Tests.PhraseTransformer;

public sealed class PhraseScorerTests
{
    private static readonly PhraseEncoding s_enc = PhraseEncoding.Default;

    [Theory]
    [InlineData(30, 1000, 256, 128)]
    [InlineData(30, 200, 30, 15)]
    [InlineData(1, 257, 256, 128)]
    public void TransformerWindowsScoreEveryTargetOnceWithEnoughContext(int from, int to, int window, int context)
    {
        var scored = new int[to];
        foreach (var (start, length, scoreFrom, scoreTo) in TransformerScorer.Windows(from, to, window, context))
        {
            Assert.InRange(length - 1, 1, window); // inputs fit the model window
            Assert.Equal(start + length, scoreTo);
            Assert.True(scoreFrom - start >= Math.Min(context, scoreFrom), $"target {scoreFrom} has {scoreFrom - start} events of context");
            for (var i = scoreFrom; i < scoreTo; i++)
            {
                scored[i]++;
            }
        }

        for (var i = 0; i < to; i++)
        {
            Assert.Equal(i >= from ? 1 : 0, scored[i]);
        }
    }

    [Fact]
    public void UnigramAndTrigramAreNormalisedDistributions()
    {
        var train = Enumerable.Range(0, 5).Select(i => Tokens(PhraseTrainModelTests.RandomSequence(s_enc, 300, 40 + i))).ToList();
        var unigram = new UnigramScorer(s_enc, train);
        var trigram = new PitchTrigramScorer(s_enc, unigram, train);
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            Assert.Equal(1.0, Enumerable.Range(0, s_enc.ClassCount(f)).Sum(v => Math.Exp(unigram.LogP(f, v))), 9);
        }

        // Σ over the next pitch of p(pitch | two notes before) = 1: score every candidate after a fixed context.
        var context = train[0].Where(t => t.IsNote).Take(2).ToArray();
        double sum = 0;
        for (var p = 0; p < s_enc.PitchCount; p++)
        {
            var nats = new double[PhraseToken.FieldCount];
            trigram.Score([context[0], context[1], context[1] with { Pitch = p }], 2, 3, nats);
            sum += Math.Exp(-nats[(int)PhraseField.Pitch]);
        }

        Assert.Equal(1.0, sum, 9);
    }

    [Fact]
    public void ContinuationStatsMeasureWhatTheySay()
    {
        var c = Enumerable.Range(0, 40).Select(i => PhraseEvent.Note(0.25, 60 + (i % 4), 0.2, 64)).ToList();
        var fifth = c.Select(e => e with { Pitch = e.Pitch + 7, TimeShift = 0.125 }).ToList();
        Assert.Equal(0, ContinuationStats.PitchClassDistance(c, c), 9);
        Assert.Equal(1, ContinuationStats.PitchClassDistance(c, fifth), 9); // 60..63 vs 67..70: disjoint classes
        Assert.Equal(2, ContinuationStats.DensityRatio(c, fifth), 9);
        Assert.Equal(33.0 / 37, ContinuationStats.LoopRate(c), 9); // a 4-note loop: every 4-gram after the first 4 repeats
        var random = Enumerable.Range(0, 40).Select(i => PhraseEvent.Note(0.25, 21 + ((i * 37) % 88), 0.2, 64)).ToList();
        Assert.Equal(0, ContinuationStats.LoopRate(random), 9);
    }

    private static PhraseToken[] Tokens(PhraseSequence s) => Enumerable.Range(0, s.Count).Select(i => s_enc.Encode(s[i])).ToArray();
}
