namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Shape of one pre-norm decoder block: model width, heads, MLP width, and the attention window (the
/// KV cache holds the last <see cref="Window"/> positions; older ones are forgotten, in decode and in full
/// recompute alike). Rotary position encoding is half-split (see <see cref="Kernels.Rotary"/>).
/// </summary>
public sealed record DecoderConfig(int ModelDim, int Heads, int MlpDim, int Window, float RotaryTheta = 10000f, NormKind Norm = NormKind.LayerNorm, float NormEps = 1e-5f)
{
    public int HeadDim => ModelDim / Heads;

    public void Validate()
    {
        if (ModelDim <= 0 || Heads <= 0 || ModelDim % Heads != 0 || HeadDim % 2 != 0 || MlpDim <= 0 || Window <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ModelDim), $"decoder config: d={ModelDim}, heads={Heads} (head size must be even), mlp={MlpDim}, window={Window}");
        }
    }
}
