using System.Runtime.InteropServices;

namespace MusicGen.Live.Models.Onnx;

/// <summary>
/// Says why the CUDA provider did not start: which of the libraries the ONNX Runtime GPU package needs (CUDA 13's
/// runtime and cuBLAS, cuDNN 9) cannot be loaded here, and what to install. The libraries are probed by name
/// with the same loader ORT uses, so the answer is this machine's, not a guess from the message.
/// </summary>
public static class CudaLibraries
{
    /// <summary>The shared libraries the CUDA provider loads, with the package that brings each (Linux names).</summary>
    public static IReadOnlyList<(string Library, string Package)> Linux { get; } =
    [
        ("libcudart.so.13", "the CUDA 13 runtime (e.g. apt install cuda-cudart-13-0, or the CUDA 13 toolkit)"),
        ("libcublas.so.13", "cuBLAS for CUDA 13 (e.g. apt install libcublas-13-0)"),
        ("libcublasLt.so.13", "cuBLAS for CUDA 13 (e.g. apt install libcublas-13-0)"),
        ("libcufft.so.12", "cuFFT for CUDA 13 (e.g. apt install libcufft-13-0)"),
        ("libcudnn.so.9", "cuDNN 9 for CUDA 13 (e.g. apt install libcudnn9-cuda-13)"),
    ];

    /// <summary>The same on Windows (DLL names).</summary>
    public static IReadOnlyList<(string Library, string Package)> Windows { get; } =
    [
        ("cudart64_13.dll", "the CUDA 13 toolkit (its bin folder on PATH)"),
        ("cublas64_13.dll", "the CUDA 13 toolkit (cuBLAS)"),
        ("cublasLt64_13.dll", "the CUDA 13 toolkit (cuBLAS)"),
        ("cufft64_12.dll", "the CUDA 13 toolkit (cuFFT)"),
        ("cudnn64_9.dll", "cuDNN 9 for CUDA 13 (its bin folder on PATH)"),
    ];

    /// <summary>The libraries of the list for this OS that cannot be loaded.</summary>
    public static IReadOnlyList<(string Library, string Package)> Missing()
    {
        var missing = new List<(string, string)>();
        foreach (var (library, package) in OperatingSystem.IsWindows() ? Windows : Linux)
        {
            if (NativeLibrary.TryLoad(library, out var handle))
            {
                NativeLibrary.Free(handle);
            }
            else
            {
                missing.Add((library, package));
            }
        }

        return missing;
    }

    /// <summary>A message for a CUDA provider that failed with <paramref name="ortMessage"/>.</summary>
    public static string Explain(string ortMessage)
    {
#if ONNXRUNTIME_GPU
        var missing = Missing();
        if (missing.Count == 0)
        {
            return $"the CUDA provider did not start although CUDA 13 and cuDNN 9 load here (no NVIDIA driver or GPU?): {ortMessage}";
        }

        var what = string.Join("; ", missing.Select(m => $"{m.Library} is missing: install {m.Package}"));
        return $"the CUDA provider needs CUDA 13 and cuDNN 9: {what}; then put their folder on {(OperatingSystem.IsWindows() ? "PATH" : "LD_LIBRARY_PATH")} (ONNX Runtime said: {ortMessage})";
#else
        return $"this build uses the CPU ONNX Runtime package, which has no CUDA provider: build with -p:OnnxRuntimeGpu=true (./run.sh build-gpu) for --device cuda (ONNX Runtime said: {ortMessage})";
#endif
    }
}
