namespace MusicGen.Live.Models.Onnx;

/// <summary>The kinds of <see cref="OnnxDevice"/>.</summary>
public enum OnnxDeviceKind
{
    Cpu,
    Cuda,
    Auto,
}
