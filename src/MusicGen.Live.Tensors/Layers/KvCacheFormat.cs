namespace MusicGen.Live.Tensors.Layers;

/// <summary>Number format of a <see cref="KvCache"/>'s keys and values (scores and sums are float in all).</summary>
public enum KvCacheFormat
{
    /// <summary>Float keys and values.</summary>
    Fp32,

    /// <summary>bfloat16 keys and values: half the bytes a decode step reads.</summary>
    Bf16,

    /// <summary>int8 keys and values with one float scale per position and head: a quarter of the bytes.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The number format is the name, as Fp32 and Bf16 are.")]
    Int8,
}
