using System.Text.Json.Serialization;
using MusicGen.Live.Tensors.Layers;

namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// Shape of a <see cref="PhraseTransformerModel"/> and its event encoding; read from the "model" section of
/// configs/training/phrase-transformer.json and stored in the model card. <see cref="Validate"/> names the bad value.
/// </summary>
public sealed record PhraseTransformerConfig
{
    public int Layers { get; init; } = 4;

    public int ModelDim { get; init; } = 256;

    public int Heads { get; init; } = 4;

    public int MlpDim { get; init; } = 1024;

    /// <summary>Events the attention sees (the KV cache holds this many; older ones are dropped).</summary>
    public int Window { get; init; } = 256;

    public int ShiftBins { get; init; } = 96;

    public double ShiftMinSeconds { get; init; } = 0.004;

    public double ShiftMaxSeconds { get; init; } = 8.0;

    public int DurationBins { get; init; } = 64;

    public double DurationMinSeconds { get; init; } = 0.01;

    public double DurationMaxSeconds { get; init; } = 10.0;

    public int VelocityBins { get; init; } = 32;

    public int LowestPitch { get; init; } = 21;

    public int HighestPitch { get; init; } = 108;

    /// <summary>
    /// Styles the model is conditioned on (<see cref="StyleNet.StyleNetStyle"/> values; 0 = none, as in models
    /// trained before style conditioning). Left out of a card when 0, so such cards stay as they were.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Styles { get; init; }

    [JsonIgnore]
    public DecoderConfig Block => new(ModelDim, Heads, MlpDim, Window);

    public PhraseEncoding CreateEncoding() =>
        new(ShiftBins, ShiftMinSeconds, ShiftMaxSeconds, DurationBins, DurationMinSeconds, DurationMaxSeconds, VelocityBins, LowestPitch, HighestPitch);

    /// <summary>Copy with another attention window (the benchmark decodes at several contexts).</summary>
    public PhraseTransformerConfig WithWindow(int window) => this with { Window = window };

    public void Validate()
    {
        Check(Layers is > 0 and <= 64, nameof(Layers), Layers);
        Check(ModelDim > 0 && Heads > 0 && ModelDim % Heads == 0 && (ModelDim / Heads) % 2 == 0, nameof(ModelDim), $"{ModelDim} with {Heads} heads (head size must be even)");
        Check(MlpDim > 0, nameof(MlpDim), MlpDim);
        Check(Window is > 0 and <= 1 << 16, nameof(Window), Window);
        Check(Styles is >= 0 and <= 16, nameof(Styles), Styles);
        try
        {
            _ = CreateEncoding();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException($"phrase transformer config: {e.Message}", e);
        }

        static void Check(bool ok, string name, object value)
        {
            if (!ok)
            {
                throw new InvalidDataException($"phrase transformer config: {name} = {value} is out of range");
            }
        }
    }
}
