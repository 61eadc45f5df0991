using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Tests.Stages;

public sealed class SamplingDefaultsTests
{
    /// <summary>Live accompaniment and <c>continue</c> were tuned together on valid: they must not drift apart.</summary>
    [Fact]
    public void The_engine_samples_by_default_as_continue_does()
    {
        var engine = SamplingSettings.Default;
        var file = new PhraseSamplingSettings();
        (FieldSampling Engine, PhraseField Field)[] pairs =
        [
            (engine.Time, PhraseField.Shift),
            (engine.Pitch, PhraseField.Pitch),
            (engine.Duration, PhraseField.Duration),
            (engine.Velocity, PhraseField.Velocity),
        ];
        foreach (var (e, f) in pairs)
        {
            Assert.Equal(file.Temperature(f), e.Temperature);
            Assert.Equal(file.TopP(f), e.TopP);
        }

        Assert.NotEqual(file.Temperature(PhraseField.Shift), file.Temperature(PhraseField.Pitch)); // the tuned values, not all 1
    }
}
