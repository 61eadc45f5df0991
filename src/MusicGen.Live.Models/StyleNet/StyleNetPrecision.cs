namespace MusicGen.Live.Models.StyleNet;

/// <summary>Number format of a streaming note StyleNet's LSTM weights (biases, state and gates are float in all).</summary>
public enum StyleNetPrecision
{
    /// <summary>Float weights: the reference, what the PyTorch golden files check.</summary>
    Fp32,

    /// <summary>bfloat16 weights (<see cref="MusicGen.Live.Tensors.Layers.LstmStreamer"/>'s bf16 snapshot): half the bytes a note.</summary>
    Bf16,

    /// <summary>
    /// 13-bit integer weights in int16 with a scale per gate column, the LSTM's input quantized each step, integer sums
    /// (<see cref="MusicGen.Live.Tensors.Layers.LstmWeightFormat.Int16"/>): x86's pmaddwd, two multiply-adds a lane.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The number format is the name, as Fp32 and Bf16 are.")]
    Int16,
}
