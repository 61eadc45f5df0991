using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// Output head of one field: logits = out(GELU(fc(u))), where u is the hidden state plus the conditioning
/// embeddings of the fields already chosen in this step. Weights <c>{prefix}fc.</c> [d, d], <c>{prefix}out.</c>
/// [classes, d]. Stateless; no allocation.
/// </summary>
public sealed class PhraseFieldHead
{
    public PhraseFieldHead(Linear fc, Linear output)
    {
        ArgumentNullException.ThrowIfNull(fc);
        ArgumentNullException.ThrowIfNull(output);
        Fc = fc;
        Out = output;
    }

    public Linear Fc { get; }

    public Linear Out { get; }

    public int Classes => Out.OutFeatures;

    public static PhraseFieldHead Load(NamedTensors tensors, string prefix, int dim, int classes) =>
        new(Linear.Load(tensors, prefix + "fc.", dim, dim), Linear.Load(tensors, prefix + "out.", dim, classes));

    public static PhraseFieldHead Random(Random rng, int dim, int classes) =>
        new(Linear.Random(rng, dim, dim), Linear.Random(rng, dim, classes));

    public void AddTo(NamedTensors tensors, string prefix)
    {
        Fc.AddTo(tensors, prefix + "fc.");
        Out.AddTo(tensors, prefix + "out.");
    }

    /// <summary>u [d] → logits [classes]; <paramref name="scratch"/> [d].</summary>
    public void Forward(ReadOnlySpan<float> u, Span<float> scratch, Span<float> logits)
    {
        Fc.Forward(u, scratch, 1);
        Activations.Gelu(scratch, scratch);
        Out.Forward(scratch, logits, 1);
    }
}
