namespace MusicGen.Live.Training.Data;

/// <summary>What a data-set MIDI file is: a human performance, a quantized score, or a hand-sequenced file.</summary>
public enum MidiFileKind
{
    Performance,
    Score,
    Sequenced,
}
