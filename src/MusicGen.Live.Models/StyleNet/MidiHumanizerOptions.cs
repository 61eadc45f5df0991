namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// How <see cref="MidiHumanizer"/> applies a model: style, look-ahead (note model), how far to move each
/// velocity toward the model's (0 = unchanged, 1 = the model's), and whether the file's ticks are a musical
/// grid (a sequencer's file: beat phase read from ticks) or not (a recorded performance), and whether the
/// model sees the file's own velocities as the dynamics to perform.
/// </summary>
public sealed record MidiHumanizerOptions
{
    public StyleNetStyle Style { get; init; } = StyleNetStyle.Classical;

    public float LookaheadSeconds { get; init; } = 1.0f;

    public float Amount { get; init; } = 1.0f;

    public bool UseBeats { get; init; } = true;

    public InputDynamicsMode InputDynamics { get; init; } = InputDynamicsMode.Auto;

    public void Validate()
    {
        if (Amount is < 0 or > 1 || float.IsNaN(Amount))
        {
            throw new ArgumentOutOfRangeException(nameof(Amount), Amount, "humanize amount must be in [0, 1]");
        }

        if (LookaheadSeconds is < 0 or > NoteFeatures.MaxLookaheadSeconds || float.IsNaN(LookaheadSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(LookaheadSeconds), LookaheadSeconds, $"look-ahead must be within 0–{NoteFeatures.MaxLookaheadSeconds * 1000:0} ms");
        }
    }
}
