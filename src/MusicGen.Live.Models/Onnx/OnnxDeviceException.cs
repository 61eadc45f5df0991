namespace MusicGen.Live.Models.Onnx;

/// <summary>A device ONNX Runtime cannot use here; the message names what is missing and what to install.</summary>
public sealed class OnnxDeviceException : Exception
{
    public OnnxDeviceException()
    {
    }

    public OnnxDeviceException(string message)
        : base(message)
    {
    }

    public OnnxDeviceException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
