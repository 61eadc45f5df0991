using MusicGen.Live.Tensors.Autograd;

namespace MusicGen.Live.Tensors.Training;

/// <summary>
/// Trainable pre-norm decoder block: x + attn.proj(attn(rotary(attn.qkv(ln1(x))))), then
/// x + mlp.proj(GELU(mlp.fc(ln2(x)))), exact GELU, causal attention with half-split rotary. Parameter names
/// and maths are those of the inference <see cref="Layers.DecoderBlock"/> (and tools/golden_grads.py's
/// <c>Block</c>), so trained weights load there unchanged. Rows of x are [B·T, d], batch-major.
/// </summary>
public sealed class TransformerBlockModule
{
    public TransformerBlockModule(ParameterSet parameters, string prefix, int dim, int heads, int mlpDim)
    {
        Heads = heads;
        Ln1 = new LayerNormModule(parameters, $"{prefix}.ln1", dim);
        Qkv = new LinearModule(parameters, $"{prefix}.attn.qkv", dim, 3 * dim);
        Proj = new LinearModule(parameters, $"{prefix}.attn.proj", dim, dim);
        Ln2 = new LayerNormModule(parameters, $"{prefix}.ln2", dim);
        Fc = new LinearModule(parameters, $"{prefix}.mlp.fc", dim, mlpDim);
        FcProj = new LinearModule(parameters, $"{prefix}.mlp.proj", mlpDim, dim);
    }

    public int Heads { get; }

    public LayerNormModule Ln1 { get; }

    public LinearModule Qkv { get; }

    public LinearModule Proj { get; }

    public LayerNormModule Ln2 { get; }

    public LinearModule Fc { get; }

    public LinearModule FcProj { get; }

    public void Initialize(TrainRandom rng)
    {
        Ln1.Initialize();
        Ln2.Initialize();
        Qkv.Initialize(rng);
        Proj.Initialize(rng);
        Fc.Initialize(rng);
        FcProj.Initialize(rng);
    }

    public Var Forward(Tape tape, Var x, int batch, int seq)
    {
        var a = tape.CausalSelfAttention(Qkv.Forward(tape, Ln1.Forward(tape, x)), batch, seq, Heads);
        x = tape.Add(x, Proj.Forward(tape, a));
        var m = FcProj.Forward(tape, tape.Activate(Fc.Forward(tape, Ln2.Forward(tape, x)), Activation.Gelu));
        return tape.Add(x, m);
    }
}
