using MusicGen.Live.Tensors.Autograd;

namespace MusicGen.Live.Tensors.Training;

/// <summary>
/// Trainable pre-norm decoder block: x + proj(attn(rotary(qkv(ln1(x))))), then x + fc2(GELU-tanh(fc1(ln2(x)))).
/// Causal attention with half-split rotary; parameter names as tools/golden_grads.py's <c>Block</c>.
/// Rows of x are [B·T, d], batch-major.
/// </summary>
public sealed class TransformerBlockModule
{
    public TransformerBlockModule(ParameterSet parameters, string prefix, int dim, int heads)
    {
        Heads = heads;
        Ln1 = new LayerNormModule(parameters, $"{prefix}.ln1", dim);
        Qkv = new LinearModule(parameters, $"{prefix}.qkv", dim, 3 * dim);
        Proj = new LinearModule(parameters, $"{prefix}.proj", dim, dim);
        Ln2 = new LayerNormModule(parameters, $"{prefix}.ln2", dim);
        Fc1 = new LinearModule(parameters, $"{prefix}.fc1", dim, 4 * dim);
        Fc2 = new LinearModule(parameters, $"{prefix}.fc2", 4 * dim, dim);
    }

    public int Heads { get; }

    public LayerNormModule Ln1 { get; }

    public LinearModule Qkv { get; }

    public LinearModule Proj { get; }

    public LayerNormModule Ln2 { get; }

    public LinearModule Fc1 { get; }

    public LinearModule Fc2 { get; }

    public void Initialize(TrainRandom rng)
    {
        Ln1.Initialize();
        Ln2.Initialize();
        Qkv.Initialize(rng);
        Proj.Initialize(rng);
        Fc1.Initialize(rng);
        Fc2.Initialize(rng);
    }

    public Var Forward(Tape tape, Var x, int batch, int seq)
    {
        var a = tape.CausalSelfAttention(Qkv.Forward(tape, Ln1.Forward(tape, x)), batch, seq, Heads);
        x = tape.Add(x, Proj.Forward(tape, a));
        var m = Fc2.Forward(tape, tape.Activate(Fc1.Forward(tape, Ln2.Forward(tape, x)), Activation.GeluTanh));
        return tape.Add(x, m);
    }
}
