using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>Small models with seeded random weights: the adapters' contract does not depend on training.</summary>
public static class RandomModels
{
    public static NoteStyleNet StyleNet(int seed = 1) => StyleNet(seed, headBias: null);

    /// <summary>A StyleNet whose output is <paramref name="output"/> for every note (its last layer zero, its bias that): NaN and infinity for fault tests.</summary>
    public static NoteStyleNet StyleNetGiving(float output) => StyleNet(1, output);

    private static NoteStyleNet StyleNet(int seed, float? headBias)
    {
        var config = new NoteStyleNetConfig { Hidden = 16, Layers = 2, HeadHidden = 8 };
        var tensors = NoteStyleNetWeights.Random(new Random(seed), config);
        if (headBias is { } bias)
        {
            Array.Clear(tensors.All["head2.weight"].Data);
            tensors.All["head2.bias"].Data[0] = bias;
        }

        return NoteStyleNet.FromTensors(tensors, config);
    }

    public static PhraseGenerator Phrase(int seed = 21) =>
        new(PhraseTransformerModel.Random(new Random(seed), new PhraseTransformerConfig { Layers = 2, ModelDim = 32, Heads = 2, MlpDim = 64, Window = 64 }), 7);
}
