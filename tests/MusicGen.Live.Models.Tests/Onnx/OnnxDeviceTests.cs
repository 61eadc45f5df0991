using MusicGen.Live.Models.Onnx;

namespace MusicGen.Live.Models.Tests.Onnx;

/// <summary>Device names and what happens when CUDA is asked for where this build or machine has none.</summary>
public sealed class OnnxDeviceTests
{
    [Theory]
    [InlineData("cpu", OnnxDeviceKind.Cpu, 0)]
    [InlineData("CUDA", OnnxDeviceKind.Cuda, 0)]
    [InlineData("cuda:3", OnnxDeviceKind.Cuda, 3)]
    [InlineData("auto", OnnxDeviceKind.Auto, 0)]
    public void Parses_device_names(string text, OnnxDeviceKind kind, int index) =>
        Assert.Equal(new OnnxDevice(kind, index), OnnxDevice.Parse(text));

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void Refuses_other_names_naming_them(string text) =>
        Assert.Contains($"'{text}'", Assert.Throws<ArgumentException>(() => OnnxDevice.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Cuda_without_its_provider_or_libraries_says_what_is_missing()
    {
        var card = TestSupport.RepoPaths.InRepo("models", "stylenet-note.json");
        var e = Assert.Throws<OnnxDeviceException>(() => OrtNoteStyleNet.Load(card, new OnnxDevice(OnnxDeviceKind.Cuda, 0)));
#if ONNXRUNTIME_GPU
        Assert.Contains("is missing: install", e.Message, StringComparison.Ordinal);
#else
        Assert.Contains("-p:OnnxRuntimeGpu=true", e.Message, StringComparison.Ordinal);
#endif
    }

    [Fact]
    public void Auto_falls_back_to_the_cpu_and_says_why()
    {
        if (!OperatingSystem.IsLinux() || CudaLibraries.Missing().Count == 0)
        {
            return; // a machine with CUDA takes the GPU: nothing to fall back from
        }

        using var model = OrtNoteStyleNet.Load(TestSupport.RepoPaths.InRepo("models", "stylenet-note.json"), OnnxDevice.Parse("auto"));
        Assert.StartsWith("onnx cpu (--device auto: ", model.Runtime, StringComparison.Ordinal);
    }
}
