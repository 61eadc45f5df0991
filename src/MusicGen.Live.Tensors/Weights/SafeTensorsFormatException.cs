namespace MusicGen.Live.Tensors.Weights;

/// <summary>A safetensors file that is truncated, forged or otherwise malformed. Names the tensor (when one is at fault) and the byte offset.</summary>
public sealed class SafeTensorsFormatException : Exception
{
    public SafeTensorsFormatException(string path, string? tensorName, long byteOffset, string problem)
        : base($"{path}: {(tensorName is null ? string.Empty : $"tensor '{tensorName}': ")}{problem} (at byte {byteOffset})")
    {
        Path = path;
        TensorName = tensorName;
        ByteOffset = byteOffset;
    }

    public string Path { get; }

    public string? TensorName { get; }

    public long ByteOffset { get; }
}
