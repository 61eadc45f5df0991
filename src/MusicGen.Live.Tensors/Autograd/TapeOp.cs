namespace MusicGen.Live.Tensors.Autograd;

/// <summary>
/// One recorded operation: it keeps references to its inputs and output (and any saved activations) and
/// adds its share of the gradient to its inputs in <see cref="Backward"/>. Instances are pooled by the
/// <see cref="Tape"/> and reused step after step, so records hold their scratch buffers across steps.
/// </summary>
public abstract class TapeOp
{
    /// <summary>Accumulates (+=) the gradients of this op's inputs from its output's gradient.</summary>
    public abstract void Backward(Tape tape);
}
