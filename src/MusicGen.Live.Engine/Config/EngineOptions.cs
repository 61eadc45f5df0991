using MusicGen.Live.Engine.Stages;

namespace MusicGen.Live.Engine.Config;

/// <summary>Everything configs/engine.json sets (see <see cref="EngineConfigLoader"/> for validation). Read once before start.</summary>
public sealed class EngineOptions
{
    public PortOptions Ports { get; set; } = new();

    public HumanizeOptions Humanize { get; set; } = new();

    public ContinuationOptions Continuation { get; set; } = new();

    public AccompanimentOptions Accompaniment { get; set; } = new();

    public SamplingSettings Sampling { get; set; } = SamplingSettings.Default;

    public SafetyOptions Safety { get; set; } = new();

    public ControlMap Controls { get; set; } = new();

    public RecordingOptions Recording { get; set; } = new();

    /// <summary>What runs the StyleNet and the phrase model (<c>runtime</c>: native or onnx; <c>--runtime</c> overrides).</summary>
    public ModelRuntime Runtime { get; set; } = ModelRuntime.Native;
}
