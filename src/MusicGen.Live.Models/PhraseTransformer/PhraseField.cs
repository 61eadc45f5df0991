namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// The fields of a compound token, in the order they are sampled within a step. Time shift comes first so the
/// sampler knows the event's time before it picks the kind and pitch (polyphony and pedal state depend on it).
/// </summary>
public enum PhraseField
{
    Shift = 0,
    Kind = 1,
    Pitch = 2,
    Duration = 3,
    Velocity = 4,
}
