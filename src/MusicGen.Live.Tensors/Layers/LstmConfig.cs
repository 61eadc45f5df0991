namespace MusicGen.Live.Tensors.Layers;

/// <summary>Shape of a PyTorch <c>nn.LSTM</c> (batch_first, no projection): sizes, layers, directions.</summary>
public sealed record LstmConfig(int InputSize, int HiddenSize, int NumLayers = 1, bool Bidirectional = false)
{
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Width of the output (and of every layer's input after the first): directions × hidden.</summary>
    public int OutputSize => Directions * HiddenSize;

    public int LayerInputSize(int layer) => layer == 0 ? InputSize : OutputSize;

    public void Validate()
    {
        if (InputSize <= 0 || HiddenSize <= 0 || NumLayers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(InputSize), $"LSTM config needs positive sizes: input {InputSize}, hidden {HiddenSize}, layers {NumLayers}");
        }
    }
}
