using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// The PhraseTransformer (decoder with a KV cache, one step per note event) as the engine's phrase generator:
/// the player's notes are observed into its cache as they complete; a continuation samples note events from
/// there with the live per-field temperature and top-p. Pedal events it samples are skipped (their time shift
/// carries into the next note); the engine plays notes only.
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
    /// What the engine decodes in: bfloat16 weights and KV cache with float accumulation. Chosen by measurement
    /// (README, "Phrase decode speed": faster than float at every SIMD width) and held to float's sampled
    /// distributions and eval NLL by a test (PhraseDecodePrecisionTests).
    /// </summary>
    public const PhraseDecodePrecision DecodePrecision = PhraseDecodePrecision.Bf16;

    /// <summary>Puts <paramref name="model"/> into <see cref="DecodePrecision"/> (returns it).</summary>
    public static PhraseTransformerModel ForEngine(PhraseTransformerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return DecodePrecision == PhraseDecodePrecision.Bf16 && !model.UsesBFloat16 ? model.UseBFloat16ForDecode() : model;
    }

    private readonly PhraseSamplingSettings _settings = new();
    private SamplingSettings _applied;
    private double _lastOnset = double.NaN;
    private bool _hasApplied;

    /// <summary>What decodes: "native bf16" (the engine's native path), "native" (float), "onnx cpu", ...</summary>
    public string Runtime => generator.Decoder.Runtime;

    // The native runtime (float or the engine's bf16) is the default and goes unnamed; another runtime is named.
    public string Name => generator.Decoder.Runtime.StartsWith("native", StringComparison.Ordinal) ? "PhraseTransformer" : $"PhraseTransformer on {generator.Decoder.Runtime}";

    /// <summary>True when the model is style-conditioned, so <see cref="SamplingSettings.Style"/> is applied (ignored otherwise, as the live command says at start).</summary>
    public bool HasStyles => generator.Decoder.Config.Styles > 0;

    public void Reset()
    {
        generator.Reset();
        _lastOnset = double.NaN;
    }

    public void Observe(in PlayedNote note)
    {
        var shift = double.IsNaN(_lastOnset) ? 0 : Math.Max(0, note.OnsetSeconds - _lastOnset);
        _lastOnset = double.IsNaN(_lastOnset) ? note.OnsetSeconds : Math.Max(_lastOnset, note.OnsetSeconds);
        generator.Observe(PhraseEvent.Note(shift, note.Pitch, Math.Max(0.01, note.DurationSeconds), note.Velocity));
    }

    public void BeginContinuation()
    {
    }

    public GeneratedNote SampleNext(in SamplingSettings settings)
    {
        if (generator.Position == 0)
        {
            return new GeneratedNote(0.25, 60, 0.25, 64); // nothing heard yet: the model predicts from context only
        }

        Apply(settings);
        var shift = 0.0;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var e = generator.SampleNext(_settings);
            shift += e.TimeShift;
            if (e.Kind == PhraseEventKind.Note)
            {
                return new GeneratedNote(shift, (byte)e.Pitch, e.Duration, (byte)Math.Clamp(e.Velocity, 1, 127));
            }
        }

        return new GeneratedNote(shift, 60, 0.01, 1); // pedal after pedal: a near-silent placeholder keeps the pulse
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
