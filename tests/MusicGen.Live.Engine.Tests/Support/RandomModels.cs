using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Weights;

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
        var random = new Random(seed);
        var tensors = new NamedTensors();
        void Add(string name, params int[] shape)
        {
            var data = new float[shape.Aggregate(1, (a, b) => a * b)];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (float)((random.NextDouble() * 2) - 1) * 0.3f;
            }

            tensors.Add(name, new Tensor(data, shape));
        }

        var g = 4 * config.Hidden;
        for (var k = 0; k < config.Layers; k++)
        {
            Add($"lstm.weight_ih_l{k}", g, k == 0 ? config.Input : config.Hidden);
            Add($"lstm.weight_hh_l{k}", g, config.Hidden);
            Add($"lstm.bias_ih_l{k}", g);
            Add($"lstm.bias_hh_l{k}", g);
        }

        Add("head1.weight", config.HeadHidden, config.Hidden);
        Add("head1.bias", config.HeadHidden);
        if (headBias is { } bias)
        {
            tensors.Add("head2.weight", new Tensor(new float[config.HeadHidden], [1, config.HeadHidden]));
            tensors.Add("head2.bias", new Tensor([bias], [1]));
        }
        else
        {
            Add("head2.weight", 1, config.HeadHidden);
            Add("head2.bias", 1);
        }

        return NoteStyleNet.FromTensors(tensors, config);
    }

    public static PhraseGenerator Phrase(int seed = 21) =>
        new(PhraseTransformerModel.Random(new Random(seed), new PhraseTransformerConfig { Layers = 2, ModelDim = 32, Heads = 2, MlpDim = 64, Window = 64 }), 7);
}
