using Microsoft.ML.OnnxRuntime;

namespace MusicGen.Live.Models.Onnx;

/// <summary>
/// Opens ONNX Runtime sessions the way the engine needs them. One intra-op and one inter-op thread, sequential
/// execution, and no spinning: a step is a few hundred microseconds of small matrix products, too small to
/// split across threads, and the caller (the engine thread or its generation worker) then runs the whole step
/// itself instead of waking ORT's pool and waiting on it, so the engine's threads never block on another
/// thread, and an idle pool never spins on the cores the JACK callback needs.
/// </summary>
public static class OrtSessions
{
    /// <summary>
    /// A session for <paramref name="path"/> on <paramref name="device"/>. <paramref name="note"/> says what was
    /// used ("onnx cpu", "onnx cuda:0", or for <c>auto</c> without CUDA why the CPU was taken).
    /// A CUDA device whose libraries are missing is a <see cref="OnnxDeviceException"/> naming them.
    /// </summary>
    public static InferenceSession Open(string path, OnnxDevice device, out string note)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (device.Kind == OnnxDeviceKind.Cpu)
        {
            note = "onnx cpu";
            return new InferenceSession(path, CpuOptions());
        }

        try
        {
            using var options = CudaOptions(device.Index);
            note = $"onnx cuda:{device.Index}";
            return new InferenceSession(path, options);
        }
        catch (OnnxDeviceException e) when (device.Kind == OnnxDeviceKind.Auto)
        {
            note = $"onnx cpu (--device auto: {e.Message})";
            return new InferenceSession(path, CpuOptions());
        }
    }

    private static SessionOptions CpuOptions()
    {
        var o = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,

            // Errors come back as exceptions with their text; ORT's own warnings on stderr would only clutter the CLI.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        o.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        o.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return o;
    }

    private static SessionOptions CudaOptions(int index)
    {
        var o = CpuOptions();
        try
        {
            o.AppendExecutionProvider_CUDA(index);
            return o;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            o.Dispose();
            throw new OnnxDeviceException(CudaLibraries.Explain(e.Message), e);
        }
    }
}
