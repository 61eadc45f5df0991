namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>What one step of the phrase model is: a struck note, or the sustain pedal going down or up.</summary>
public enum PhraseEventKind
{
    Note = 0,
    PedalDown = 1,
    PedalUp = 2,
}
