namespace MusicGen.Live.Midi.Parsing;

/// <summary>
/// The plain, allocating version of <see cref="MidiStreamParser"/> (lists, whole messages) with the same rules,
/// kept beside it so tests can compare the two on random and corrupted streams.
/// </summary>
public static class MidiStreamParserReference
{
    public static List<(MidiMessage Message, byte[] SysEx)> Parse(IEnumerable<byte> bytes, int sysExBufferSize)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var result = new List<(MidiMessage, byte[])>();
        var running = -1;            // status whose data bytes we collect; -1 none
        var data = new List<byte>();
        List<byte>? sysex = null;    // non-null while inside a SysEx
        var firstChunk = true;

        void Chunk(SysExPart flags)
        {
            if (firstChunk)
            {
                flags |= SysExPart.First;
                firstChunk = false;
            }

            result.Add((new MidiMessage(MidiMessageKind.SysExChunk, 0xF0, 0, 0, flags, (ushort)sysex!.Count), sysex.ToArray()));
            sysex.Clear();
        }

        foreach (var b in bytes)
        {
            if (b >= 0xF8)
            {
                if (b is not (0xF9 or 0xFD))
                {
                    result.Add((new MidiMessage(MidiMessageKind.RealTime, b, 0, 0), []));
                }

                continue;
            }

            if (sysex is not null)
            {
                if (b < 0x80)
                {
                    sysex.Add(b);
                    if (sysex.Count == sysExBufferSize)
                    {
                        Chunk(SysExPart.None);
                    }

                    continue;
                }

                Chunk(b == 0xF7 ? SysExPart.Last : SysExPart.Last | SysExPart.Aborted);
                sysex = null;
                if (b == 0xF7 || b == 0xF6)
                {
                    running = -1;
                    continue;
                }
            }

            if (b >= 0x80)
            {
                data.Clear();
                running = -1;
                if (b == 0xF0)
                {
                    sysex = [];
                    firstChunk = true;
                }
                else if (b == 0xF6)
                {
                    result.Add((new MidiMessage(MidiMessageKind.SystemCommon, b, 0, 0), []));
                }
                else if (b is not (0xF7 or 0xF4 or 0xF5))
                {
                    running = b;
                }

                continue;
            }

            if (running < 0)
            {
                continue;
            }

            data.Add(b);
            var needed = running switch { >= 0xC0 and < 0xE0 => 1, < 0xF0 => 2, 0xF2 => 2, _ => 1 };
            if (data.Count == needed)
            {
                var kind = running < 0xF0 ? MidiMessageKind.Channel : MidiMessageKind.SystemCommon;
                result.Add((new MidiMessage(kind, (byte)running, data[0], needed == 2 ? data[1] : (byte)0), []));
                data.Clear();
                if (running >= 0xF0)
                {
                    running = -1;
                }
            }
        }

        return result;
    }
}
