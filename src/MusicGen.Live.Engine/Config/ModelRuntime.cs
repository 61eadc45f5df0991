namespace MusicGen.Live.Engine.Config;

/// <summary>What runs the models: the project's own kernels, or ONNX Runtime on the exported graphs.</summary>
public enum ModelRuntime
{
    Native,
    Onnx,
}
