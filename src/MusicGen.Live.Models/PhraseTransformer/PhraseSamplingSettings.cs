using System.Globalization;

namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// How <see cref="PhraseGenerator.SampleNext"/> draws each field: temperature (0 = most likely class) and top-p
/// (nucleus; 1 = off) per <see cref="PhraseField"/>, plus the constraints every sampled event obeys: pitch range
/// and polyphony limit. Mutable so the engine can change it between steps; owned by the thread that owns the
/// generator (set between calls, never during one).
/// </summary>
public sealed class PhraseSamplingSettings
{
    // Defaults chosen on nasap valid (`eval transformer --split valid --continuations-only`): these temperatures
    // brought note density, loop rate and pitch-class distance closest to the players' continuations (the figures
    // against temperature 1 and top-p 0.9 everywhere are in docs/training-history.md).
    private readonly float[] _temperature = [1.3f, 1f, 0.75f, 1f, 1f];
    private readonly float[] _topP = [1f, 1f, 1f, 1f, 1f];

    public int LowestPitch { get; set; } = 21;

    public int HighestPitch { get; set; } = 108;

    /// <summary>At most this many notes sound at once (key-held; pedal-sustained notes do not count).</summary>
    public int MaxPolyphony { get; set; } = 10;

    public float Temperature(PhraseField field) => _temperature[(int)field];

    public float TopP(PhraseField field) => _topP[(int)field];

    public PhraseSamplingSettings SetTemperature(PhraseField field, float value)
    {
        if (!(value >= 0) || !float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"temperature of {field} must be a finite number ≥ 0");
        }

        _temperature[(int)field] = value;
        return this;
    }

    public PhraseSamplingSettings SetTopP(PhraseField field, float value)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"top-p of {field} must be in (0, 1]");
        }

        _topP[(int)field] = value;
        return this;
    }

    /// <summary>"temperature shift=1,... top-p shift=1,..." for logs and reports.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"temperature {List(_temperature)}; top-p {List(_topP)}");

    private static string List(float[] values) =>
        string.Join(",", Enum.GetValues<PhraseField>().Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.ToString().ToLowerInvariant()}={values[(int)f]:0.##}")));

    /// <summary>Applies "pitch=0.9,velocity=1.2" style lists (field names case-insensitive) as temperatures.</summary>
    public PhraseSamplingSettings ParseTemperatures(string? list) => ParseList(list, "--temperature", SetTemperature);

    /// <summary>Applies "pitch=0.9,shift=0.95" style lists as top-p values.</summary>
    public PhraseSamplingSettings ParseTopP(string? list) => ParseList(list, "--top-p", SetTopP);

    private PhraseSamplingSettings ParseList(string? list, string what, Func<PhraseField, float, PhraseSamplingSettings> set)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return this;
        }

        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !Enum.TryParse<PhraseField>(kv[0], ignoreCase: true, out var field) || !Enum.IsDefined(field)
                || !float.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"{what}: '{part}' is not FIELD=NUMBER with FIELD one of {string.Join(", ", Enum.GetNames<PhraseField>()).ToLowerInvariant()}");
            }

            set(field, value);
        }

        return this;
    }
}
