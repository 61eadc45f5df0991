namespace MusicGen.Live.Midi;

/// <summary>What the reader does with malformed input.</summary>
public enum InvalidInputPolicy
{
    /// <summary>Throw a <see cref="MidiFormatException"/> at the first problem.</summary>
    Strict,

    /// <summary>Repair what can be repaired (clamp lengths, drop garbage, close tracks) and report each repair.</summary>
    Lenient,
}
