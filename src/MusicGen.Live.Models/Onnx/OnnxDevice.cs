using System.Globalization;

namespace MusicGen.Live.Models.Onnx;

/// <summary>
/// Where ONNX Runtime runs a model: <c>cpu</c>, <c>cuda</c> / <c>cuda:N</c> (the CUDA provider, GPU N; an error
/// naming the missing library when CUDA or cuDNN is absent), or <c>auto</c> (CUDA GPU 0 when it starts, else the
/// CPU, said aloud through <see cref="OrtSessions.Open"/>'s note).
/// </summary>
public readonly record struct OnnxDevice(OnnxDeviceKind Kind, int Index)
{
    public static OnnxDevice Cpu => new(OnnxDeviceKind.Cpu, 0);

    /// <summary>Parses <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c>; anything else is an error naming the value.</summary>
    public static OnnxDevice Parse(string? text)
    {
        var t = (text ?? "cpu").Trim().ToLowerInvariant();
        switch (t)
        {
            case "cpu":
                return Cpu;
            case "auto":
                return new OnnxDevice(OnnxDeviceKind.Auto, 0);
            case "cuda":
                return new OnnxDevice(OnnxDeviceKind.Cuda, 0);
        }

        if (t.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index is >= 0 and < 64)
        {
            return new OnnxDevice(OnnxDeviceKind.Cuda, index);
        }

        throw new ArgumentException($"device '{text}' is not one of cpu, cuda, cuda:N (N = 0..63), auto");
    }

    public override string ToString() => Kind switch
    {
        OnnxDeviceKind.Cuda => string.Create(CultureInfo.InvariantCulture, $"cuda:{Index}"),
        OnnxDeviceKind.Auto => "auto",
        _ => "cpu",
    };
}
