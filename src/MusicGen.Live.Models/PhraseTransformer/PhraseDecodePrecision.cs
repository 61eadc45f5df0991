namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>Number format of a <see cref="PhraseTransformerModel"/>'s decode-step weights and KV cache (accumulation is float in both).</summary>
public enum PhraseDecodePrecision
{
    /// <summary>Float weights and cache.</summary>
    Fp32,

    /// <summary>bfloat16 weights and cache (<see cref="PhraseTransformerModel.UseBFloat16ForDecode"/>).</summary>
    Bf16,

    /// <summary>int8 weights with one float scale per output row, bfloat16 cache (<see cref="PhraseTransformerModel.UseInt8ForDecode"/>).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The number format is the name, as Fp32 and Bf16 are.")]
    Int8,

    /// <summary>
    /// int8 weights as <see cref="Int8"/>, and x quantized to int16 per product so the products are integer dot
    /// products summed in int32 (W8A16, <c>MatVecInt8.RunInt16Activations</c>; x86's vector bodies); bfloat16 cache.
    /// </summary>
    Int8A16,

    /// <summary>
    /// int8 weights with int16 activations as <see cref="Int8A16"/>, and an int8 KV cache with one scale per position
    /// and head whose attention runs in integers too (the query and the softmax weights quantized to int16 each step,
    /// <c>IntegerAttention</c>): every product of the step an integer dot product (pmaddwd on x86). The engine's choice
    /// on x86 (<c>PhraseTransformerGenerator.DecodePrecision</c>). Int8 or bf16 weights with this cache measured slower
    /// at every x86 width (docs/speed.md) and were dropped.
    /// </summary>
    Int8A16Kv,
}
