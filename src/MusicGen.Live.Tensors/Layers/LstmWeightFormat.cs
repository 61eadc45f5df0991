namespace MusicGen.Live.Tensors.Layers;

/// <summary>The number format an <see cref="LstmStreamer"/> snapshots its weights in (biases, state and gates stay float).</summary>
public enum LstmWeightFormat
{
    /// <summary>Float: the reference.</summary>
    Fp32,

    /// <summary>bfloat16 (~3 significant digits): half the bytes a step.</summary>
    Bf16,

    /// <summary>
    /// 13-bit integers in int16 with a scale per column and input segment, v quantized every step, integer sums
    /// (<see cref="Kernels.FusedLstmStep.PackInt16"/>): half the bytes a step and, on x86, two multiply-adds a lane in
    /// one instruction.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The number format is the name, as Fp32 and Bf16 are.")]
    Int16,
}
