namespace MusicGen.Live.Midi.Parsing;

/// <summary>Where a SysEx chunk sits in its message. A message that fits the buffer comes as one chunk, First | Last.</summary>
[Flags]
public enum SysExPart : byte
{
    None = 0,

    /// <summary>The chunk starts the message (the F0 was just before it).</summary>
    First = 1,

    /// <summary>The chunk ends the message (an F7 followed it).</summary>
    Last = 2,

    /// <summary>The message was cut off by another status byte before its F7; this chunk is the end of what came.</summary>
    Aborted = 4,
}
