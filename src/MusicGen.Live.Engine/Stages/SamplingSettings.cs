using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Stages;

/// <summary>Per-field sampling of the phrase generator (time shift, pitch, duration, velocity). Changed live by CC.</summary>
public readonly record struct SamplingSettings(FieldSampling Time, FieldSampling Pitch, FieldSampling Duration, FieldSampling Velocity)
{
    /// <summary>
    /// Style the phrase model continues in (null = none): not a sampling setting, but like them chosen live (by
    /// config and CC) and carried to the generation thread by value with them.
    /// </summary>
    public StyleNetStyle? Style { get; init; }

    /// <summary>
    /// The defaults of <see cref="PhraseSamplingSettings"/> (what <c>continue</c> uses), chosen on nasap valid for
    /// continuations closest to the players' own: live accompaniment samples as files do (nucleus 0.9 everywhere, the
    /// engine's earlier default, played denser and loopier than the players; figures in docs/training-history.md).
    /// </summary>
    public static SamplingSettings Default { get; } = From(new PhraseSamplingSettings());

    /// <summary>The engine's form of <paramref name="s"/> (what <c>continue --temperature ...</c> samples with).</summary>
    public static SamplingSettings From(PhraseSamplingSettings s)
    {
        static FieldSampling Field(PhraseSamplingSettings s, PhraseField f) => new(s.Temperature(f), s.TopP(f));
        return new(Field(s, PhraseField.Shift), Field(s, PhraseField.Pitch), Field(s, PhraseField.Duration), Field(s, PhraseField.Velocity));
    }
}
