namespace MusicGen.Live.Models.StyleNet;

/// <summary>Number format of a streaming note StyleNet's LSTM weights (biases, state and sums are float in both).</summary>
public enum StyleNetPrecision
{
    /// <summary>Float weights: the reference, what the PyTorch golden files check.</summary>
    Fp32,

    /// <summary>bfloat16 weights (<see cref="MusicGen.Live.Tensors.Layers.LstmStreamer"/>'s bf16 snapshot): half the bytes a note.</summary>
    Bf16,
}
