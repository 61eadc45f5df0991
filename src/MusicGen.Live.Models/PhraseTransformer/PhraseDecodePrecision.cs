namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>Number format of a <see cref="PhraseTransformerModel"/>'s decode-step weights and KV cache (accumulation is float in both).</summary>
public enum PhraseDecodePrecision
{
    /// <summary>Float weights and cache.</summary>
    Fp32,

    /// <summary>bfloat16 weights and cache (<see cref="PhraseTransformerModel.UseBFloat16ForDecode"/>).</summary>
    Bf16,
}
