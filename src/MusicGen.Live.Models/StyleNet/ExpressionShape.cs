using System.Globalization;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// What expression 1 does (<see cref="ExpressionSampler"/>): <see cref="Scale"/> the scale of the deviation from the
/// local mean that pitch does not explain, <see cref="PitchScale"/> the scale of the part it does (the local regression
/// of the model's velocity on pitch), <see cref="ChordScale"/> the scale of a chord note's distance from the chord's first note, <see cref="Noise"/>
/// the std (velocity units) of the sampled part and <see cref="Correlation"/> its note-to-note (AR(1)) correlation.
/// Expression <c>e</c> scales each: <c>1 + e·(Scale − 1)</c> (the same for the pitch and chord scales), <c>e·Noise</c>.
/// </summary>
public readonly record struct ExpressionShape(float Scale, float PitchScale, float ChordScale, float Noise, float Correlation)
{
    /// <summary>One scale for every part, nothing sampled: the shipped default of files and the live engine (docs/expression.md).</summary>
    public static ExpressionShape Uniform => new(VelocityExpression.RestoringScale, VelocityExpression.RestoringScale, VelocityExpression.RestoringScale, 0f, 0f);

    /// <summary>
    /// The uniform scale plus a sampled part: the file ensemble's best shape on nasap valid within its MAE budget, not yet
    /// read on test, so not the default (<c>humanize --expression-shape sampled</c>; docs/expression.md).
    /// </summary>
    public static ExpressionShape Sampled => Uniform with { Noise = VelocityExpression.SampledNoise };

    /// <summary>Throws unless every part is finite and in range (scales ≥ 0, noise ≥ 0, correlation within 0–0.99).</summary>
    public void Validate()
    {
        if (!(Scale >= 0 && float.IsFinite(Scale)) || !(PitchScale >= 0 && float.IsFinite(PitchScale)) || !(ChordScale >= 0 && float.IsFinite(ChordScale))
            || !(Noise >= 0 && float.IsFinite(Noise)) || !(Correlation is >= 0 and <= 0.99f))
        {
            throw new ArgumentOutOfRangeException(nameof(ExpressionShape), this, "expression shape: scales and noise must be finite and ≥ 0, correlation within 0–0.99");
        }
    }

    /// <summary>
    /// <c>uniform</c>, <c>sampled</c> or <c>"scale,pitch,chord,noise,correlation"</c>, or an <see cref="ArgumentException"/>
    /// naming <paramref name="option"/> and saying what it takes.
    /// </summary>
    public static ExpressionShape Parse(string text, string option = "--expression-shape")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "uniform")
        {
            return Uniform;
        }

        if (text == "sampled")
        {
            return Sampled;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        if (parts.Length != 5 || !parts.Select((p, i) => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok))
        {
            throw new ArgumentException($"{option} '{text}': give uniform, sampled or five numbers, scale,pitch,chord,noise,correlation (e.g. 1.4,1.4,1.4,0,0)");
        }

        var shape = new ExpressionShape(values[0], values[1], values[2], values[3], values[4]);
        try
        {
            shape.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"{option} '{text}': {e.Message.Split(" (Parameter", 2)[0]}", e);
        }

        return shape;
    }
}
