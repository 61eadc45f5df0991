using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// Trainable twin of the Tensors <c>DecoderBlock</c> (same parameter names, so weights export 1:1): pre-norm,
/// fused q|k|v, the train library's causal rotary attention op, exact-erf GELU MLP (the inference block's
/// activation). Rows are [B·T, d], batch-major.
/// </summary>
internal sealed class PhraseBlockModule
{
    private readonly int _heads;
    private readonly LayerNormModule _ln1;
    private readonly LinearModule _qkv;
    private readonly LinearModule _proj;
    private readonly LayerNormModule _ln2;
    private readonly LinearModule _fc;
    private readonly LinearModule _fcProj;

    public PhraseBlockModule(ParameterSet parameters, string prefix, int dim, int heads, int mlp)
    {
        _heads = heads;
        _ln1 = new LayerNormModule(parameters, $"{prefix}ln1", dim);
        _qkv = new LinearModule(parameters, $"{prefix}attn.qkv", dim, 3 * dim);
        _proj = new LinearModule(parameters, $"{prefix}attn.proj", dim, dim);
        _ln2 = new LayerNormModule(parameters, $"{prefix}ln2", dim);
        _fc = new LinearModule(parameters, $"{prefix}mlp.fc", dim, mlp);
        _fcProj = new LinearModule(parameters, $"{prefix}mlp.proj", mlp, dim);
    }

    /// <summary>PyTorch defaults, with the residual projections scaled by 1/√(2·layers) (GPT-2) for a stable start.</summary>
    public void Initialize(TrainRandom rng, int layers)
    {
        _qkv.Initialize(rng);
        _proj.Initialize(rng);
        _fc.Initialize(rng);
        _fcProj.Initialize(rng);
        var scale = 1f / MathF.Sqrt(2f * layers);
        foreach (var w in new[] { _proj.Weight, _fcProj.Weight })
        {
            foreach (ref var v in w.Values)
            {
                v *= scale;
            }
        }
    }

    public Var Forward(Tape tape, Var x, int batch, int seq)
    {
        var a = tape.CausalSelfAttention(_qkv.Forward(tape, _ln1.Forward(tape, x)), batch, seq, _heads);
        x = tape.Add(x, _proj.Forward(tape, a));
        var m = _fcProj.Forward(tape, tape.Activate(_fc.Forward(tape, _ln2.Forward(tape, x)), Activation.Gelu));
        return tape.Add(x, m);
    }
}
