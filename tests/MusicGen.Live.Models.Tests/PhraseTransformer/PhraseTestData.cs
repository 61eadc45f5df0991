using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Models.Tests.PhraseTransformer;

/// <summary>Small configs and random valid token streams for the phrase model tests.</summary>
internal static class PhraseTestData
{
    public static PhraseTransformerConfig Small(int window = 16) => new() { Layers = 2, ModelDim = 32, Heads = 2, MlpDim = 64, Window = window };

    public static PhraseToken[] RandomTokens(PhraseEncoding enc, int count, int seed)
    {
        var rng = new Random(seed);
        var tokens = new PhraseToken[count];
        for (var i = 0; i < count; i++)
        {
            var kind = rng.Next(6) switch { 0 => 1, 1 => 2, _ => 0 };
            tokens[i] = kind == 0
                ? new PhraseToken(rng.Next(enc.Shift.Count), 0, rng.Next(enc.PitchCount), rng.Next(enc.Duration.Count), rng.Next(enc.VelocityBins))
                : new PhraseToken(rng.Next(enc.Shift.Count), kind, PhraseToken.None, PhraseToken.None, PhraseToken.None);
        }

        return tokens;
    }
}
