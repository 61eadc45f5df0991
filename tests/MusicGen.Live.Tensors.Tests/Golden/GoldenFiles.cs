using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Tensors.Tests.Golden;

/// <summary>The safetensors files tools/golden_forward.py writes with PyTorch 1.13.</summary>
internal static class GoldenFiles
{
    public static NamedTensors Load(string name) => SafeTensors.Read(RepoPaths.InRepo("tests", "MusicGen.Live.Tensors.Tests", "Golden", name));
}
