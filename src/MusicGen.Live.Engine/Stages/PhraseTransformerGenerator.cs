using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// The PhraseTransformer (decoder with a KV cache, one step per event) as the engine's phrase generator: the live
/// context (player's notes and pedal, the answers' sounded notes) is fed as the file encoding has it; a continuation
/// samples events from there with the live per-field temperature and top-p. Sampled pedal events stay in the
/// context (they were decoded) and their time shift carries into the next note; the engine plays notes only.
/// Every <see cref="Observe"/> first rolls the model back to the last played event (<see cref="PhraseGenerator.Rollback"/>):
/// events decoded ahead or fed provisionally never stay in its context. With nothing fed yet it samples nothing
/// (a rest): it never invents a note.
/// </summary>
/// <remarks>Threading: the thread that owns it (the generation worker, live). Settings are copied into one preallocated settings object when they change.</remarks>
public sealed class PhraseTransformerGenerator(PhraseGenerator generator) : IPhraseGenerator
{
    /// <summary>
    /// The engine's generator for <paramref name="model"/>, decoding at <see cref="DecodePrecision"/> (this switches the
    /// model's one-row projections to it; load a model per generator).
    /// </summary>
    public PhraseTransformerGenerator(PhraseTransformerModel model, ulong seed)
        : this(new PhraseGenerator(ForEngine(model), seed))
    {
    }

    /// <summary>
    /// What the engine decodes in, chosen by measurement per SIMD width (README, "Speed on every CPU"; docs/speed.md).
    /// On x86 with vectors (SSE4.1 up: 128-bit, AVX2, AVX-512) every product of the step is an integer dot product
    /// (<see cref="PhraseDecodePrecision.Int8A16Kv"/>, pmaddwd: 16 multiply-adds an instruction at 256 bits, nothing
    /// widened to float): int8 weights (one scale per row) times activations quantized to int16, and an int8 KV cache
    /// whose attention runs in integers (<c>IntegerAttention</c>), the fastest step at every x86 width, the more so the
    /// longer the window. Elsewhere (ARM64, which has no pmaddwd; no SIMD) bfloat16 weights and cache with float
    /// accumulation, where int8 widened to float would take more instructions than bf16's one shift or mask. Every
    /// precision is held to float's sampled distributions and eval NLL by a test (PhraseDecodePrecisionTests).
    /// Fixed for the process.
    /// </summary>
    public static PhraseDecodePrecision DecodePrecision { get; } =
        Vector128.IsHardwareAccelerated && Sse41.IsSupported ? PhraseDecodePrecision.Int8A16Kv : PhraseDecodePrecision.Bf16;

    /// <summary>Puts <paramref name="model"/> into <see cref="DecodePrecision"/> (returns it).</summary>
    public static PhraseTransformerModel ForEngine(PhraseTransformerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return DecodePrecision == PhraseDecodePrecision.Fp32 ? model : model.UseDecodePrecision(DecodePrecision);
    }

    private readonly PhraseSamplingSettings _settings = new();
    private SamplingSettings _applied;
    private bool _hasApplied;

    /// <summary>Events decoded per <see cref="SampleNext"/> at most while they are pedal events only (then a rest).</summary>
    public const int MaxPedalRun = 8;

    /// <summary>What decodes: "native int8a16kv" or "native bf16" (the engine's native path, see <see cref="DecodePrecision"/>), "native int8", "native" (float), "onnx cpu", ...</summary>
    public string Runtime => generator.Decoder.Runtime;

    // The native runtime (float or the engine's int8/bf16) is the default and goes unnamed; another runtime is named.
    public string Name => generator.Decoder.Runtime.StartsWith("native", StringComparison.Ordinal) ? "PhraseTransformer" : $"PhraseTransformer on {generator.Decoder.Runtime}";

    /// <summary>True when the model is style-conditioned, so <see cref="SamplingSettings.Style"/> is applied (ignored otherwise, as the live command says at start).</summary>
    public bool HasStyles => generator.Decoder.Config.Styles > 0;

    /// <summary>The model-side generator (its decoder, position and rollback mark), for tests and reports.</summary>
    public PhraseGenerator Model => generator;

    public void Reset() => generator.Reset();

    public void Observe(in PhraseEvent e)
    {
        generator.Rollback();
        generator.Observe(e);
        generator.Mark();
    }

    public void ObserveProvisional(in PhraseEvent e) => generator.Observe(e);

    public void BeginContinuation() => generator.Rollback();

    public GeneratedNote SampleNext(in SamplingSettings settings)
    {
        if (generator.Position == 0)
        {
            return GeneratedNote.Rest(0); // nothing heard yet: the model predicts from context only, so it waits
        }

        Apply(settings);
        var shift = 0.0;
        for (var attempt = 0; attempt < MaxPedalRun; attempt++)
        {
            var e = generator.SampleNext(_settings);
            shift += e.TimeShift;
            if (e.Kind == PhraseEventKind.Note)
            {
                return new GeneratedNote(shift, (byte)e.Pitch, e.Duration, (byte)Math.Clamp(e.Velocity, 1, 127));
            }
        }

        return GeneratedNote.Rest(shift); // pedal after pedal: the time passes, nothing plays
    }

    private void Apply(in SamplingSettings s)
    {
        if (_hasApplied && s == _applied)
        {
            return;
        }

        _settings.SetTemperature(PhraseField.Shift, s.Time.Temperature).SetTopP(PhraseField.Shift, s.Time.TopP);
        _settings.SetTemperature(PhraseField.Pitch, s.Pitch.Temperature).SetTopP(PhraseField.Pitch, s.Pitch.TopP);
        _settings.SetTemperature(PhraseField.Duration, s.Duration.Temperature).SetTopP(PhraseField.Duration, s.Duration.TopP);
        _settings.SetTemperature(PhraseField.Velocity, s.Velocity.Temperature).SetTopP(PhraseField.Velocity, s.Velocity.TopP);
        if (HasStyles)
        {
            // Events fed from here on (sampled and observed) carry the style; a style-less model has none to take.
            generator.Style = s.Style is { } style ? (int)style : PhraseRunState.NoStyle;
        }

        _applied = s;
        _hasApplied = true;
    }
}
