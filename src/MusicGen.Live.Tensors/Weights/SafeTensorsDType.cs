namespace MusicGen.Live.Tensors.Weights;

/// <summary>Element types this reader accepts; all are widened to float on load.</summary>
public enum SafeTensorsDType
{
    F32,
    F16,
    BF16,
}
