namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// A compound token: one class index per <see cref="PhraseField"/>. For pedal events pitch, duration and velocity
/// hold <see cref="None"/>: they are not predicted (not scored) and embed as that field's "none" row.
/// </summary>
public readonly record struct PhraseToken(int Shift, int Kind, int Pitch, int Duration, int Velocity)
{
    /// <summary>Field value of a pedal event's note fields.</summary>
    public const int None = -1;

    public const int FieldCount = 5;

    public bool IsNote => Kind == (int)PhraseEventKind.Note;

    public int this[PhraseField field] => field switch
    {
        PhraseField.Shift => Shift,
        PhraseField.Kind => Kind,
        PhraseField.Pitch => Pitch,
        PhraseField.Duration => Duration,
        PhraseField.Velocity => Velocity,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "unknown phrase field"),
    };

    public int Get(int field) => this[(PhraseField)field];
}
