namespace MusicGen.Live.Midi.Parsing;

/// <summary>What a <see cref="MidiMessage"/> from the live byte stream is.</summary>
public enum MidiMessageKind : byte
{
    /// <summary>Note on/off, control change, program change, pressure, pitch bend (0x80–0xEF).</summary>
    Channel,

    /// <summary>MTC quarter frame, song position, song select, tune request (0xF1–0xF3, 0xF6).</summary>
    SystemCommon,

    /// <summary>Clock, start, continue, stop, active sensing, reset (0xF8–0xFF); may arrive between any two bytes.</summary>
    RealTime,

    /// <summary>A piece of a SysEx message; its bytes are in <see cref="MidiStreamParser.SysExData"/>.</summary>
    SysExChunk,
}
