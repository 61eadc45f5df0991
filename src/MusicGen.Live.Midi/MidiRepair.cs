namespace MusicGen.Live.Midi;

/// <summary>One problem the lenient reading policy repaired instead of throwing, and what it did about it.</summary>
public readonly record struct MidiRepair(MidiErrorKind Kind, long Offset, string Action)
{
    public override string ToString() => $"{Kind} at byte {Offset}: {Action}";
}
