namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// One performance event in continuous units: seconds since the previous event, and for a note its MIDI pitch,
/// how long the key is held (seconds, not counting the pedal, which has its own events) and its velocity.
/// Pedal events carry only <see cref="TimeShift"/>; the other fields are 0.
/// </summary>
public readonly record struct PhraseEvent(PhraseEventKind Kind, double TimeShift, int Pitch, double Duration, int Velocity)
{
    public static PhraseEvent Note(double timeShift, int pitch, double duration, int velocity) =>
        new(PhraseEventKind.Note, timeShift, pitch, duration, velocity);

    public static PhraseEvent Pedal(double timeShift, bool down) =>
        new(down ? PhraseEventKind.PedalDown : PhraseEventKind.PedalUp, timeShift, 0, 0, 0);
}
