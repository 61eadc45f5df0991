namespace MusicGen.Live.Midi;

/// <summary>What is wrong with a Standard MIDI File; carried by <see cref="MidiFormatException"/> and <see cref="MidiRepair"/>.</summary>
public enum MidiErrorKind
{
    /// <summary>The file does not start with an <c>MThd</c> chunk.</summary>
    NotAMidiFile,

    /// <summary>The header chunk is shorter than 6 bytes or names an impossible format, track count or division.</summary>
    InvalidHeader,

    /// <summary>A chunk declares more bytes than the file holds (often a forged or truncated length).</summary>
    ChunkLengthBeyondEnd,

    /// <summary>Bytes after the last chunk that do not form a chunk.</summary>
    TrailingData,

    /// <summary>The header's track count differs from the number of <c>MTrk</c> chunks.</summary>
    TrackCountMismatch,

    /// <summary>A variable-length quantity longer than 4 bytes.</summary>
    InvalidVariableLength,

    /// <summary>A track ends in the middle of an event.</summary>
    TruncatedEvent,

    /// <summary>A data byte where a status byte is needed and no running status is in force.</summary>
    MissingStatus,

    /// <summary>A byte of 0x80 or more where a channel message needs a data byte.</summary>
    InvalidDataByte,

    /// <summary>A status byte that has no meaning in a file (0xF4, 0xF5).</summary>
    UndefinedStatus,

    /// <summary>A track without an end-of-track meta event.</summary>
    MissingEndOfTrack,

    /// <summary>Events after the end-of-track meta event inside the same chunk.</summary>
    DataAfterEndOfTrack,

    /// <summary>A meta event whose payload length does not fit its type (e.g. a tempo that is not 3 bytes).</summary>
    InvalidMetaEvent,
}
