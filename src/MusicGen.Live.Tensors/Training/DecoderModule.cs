using MusicGen.Live.Tensors.Autograd;

namespace MusicGen.Live.Tensors.Training;

/// <summary>
/// Trainable decoder-only language model: <c>tok_emb</c> → <c>blocks.{i}</c> (<see cref="TransformerBlockModule"/>)
/// → <c>ln_f</c> → <c>head</c> (no bias). Names and maths match the inference <see cref="Layers.Transformer"/>
/// (LayerNorm, MLP 4·d) and tools/golden_grads.py's <c>TinyTransformer</c>: export with
/// <see cref="ParameterSet.ToNamedTensors"/> and load with <c>Transformer.Load</c>.
/// </summary>
public sealed class DecoderModule
{
    private readonly TransformerBlockModule[] _blocks;

    public DecoderModule(ParameterSet parameters, int vocab, int dim, int heads, int layers)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Vocab = vocab;
        Embed = parameters.Add("tok_emb.weight", [vocab, dim]);
        _blocks = new TransformerBlockModule[layers];
        for (var i = 0; i < layers; i++)
        {
            _blocks[i] = new TransformerBlockModule(parameters, $"blocks.{i}", dim, heads, 4 * dim);
        }

        LnF = new LayerNormModule(parameters, "ln_f", dim);
        Head = new LinearModule(parameters, "head", dim, vocab, bias: false);
    }

    public int Vocab { get; }

    public Var Embed { get; }

    public LayerNormModule LnF { get; }

    public LinearModule Head { get; }

    /// <summary>Embedding N(0, 1) as PyTorch; linears U(±1/√in); norms to identity.</summary>
    public void Initialize(TrainRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        rng.FillNormal(Embed.Values, 1f);
        foreach (var b in _blocks)
        {
            b.Initialize(rng);
        }

        LnF.Initialize();
        Head.Initialize(rng);
    }

    /// <summary>Logits [B·T, vocab] for batch-major token ids [B·T].</summary>
    public Var Forward(Tape tape, ReadOnlySpan<int> ids, int batch, int seq)
    {
        var x = tape.Embedding(Embed, ids);
        foreach (var b in _blocks)
        {
            x = b.Forward(tape, x, batch, seq);
        }

        return Head.Forward(tape, LnF.Forward(tape, x));
    }
}
