namespace MusicGen.Live.Ports.WinMM;

/// <summary>
/// Conversion between MIDI byte messages and WinMM's packed short messages (status in the low byte, then data 1
/// and data 2: what <c>midiOutShortMsg</c> takes and <c>MIM_DATA</c> gives). Pure functions, no allocation.
/// </summary>
public static class WinMmMessages
{
    /// <summary>Bytes a message with this status byte has (1–3), or 0 for a status WinMM does not send short (sysex, data bytes).</summary>
    public static int Length(byte status) => status switch
    {
        < 0x80 => 0,
        < 0xC0 => 3,          // note off/on, poly pressure, control change
        < 0xE0 => 2,          // program change, channel pressure
        < 0xF0 => 3,          // pitch bend
        0xF1 or 0xF3 => 2,    // time code quarter frame, song select
        0xF2 => 3,            // song position
        0xF0 or 0xF7 => 0,    // sysex: a long message
        0xF4 or 0xF5 => 0,    // undefined
        _ => 1,               // tune request, real time
    };

    /// <summary>Packs a complete short message; false for sysex, a wrong length or a data byte ≥ 0x80.</summary>
    public static bool TryPack(ReadOnlySpan<byte> message, out int packed)
    {
        packed = 0;
        if (message.IsEmpty || Length(message[0]) is var n && (n == 0 || message.Length != n))
        {
            return false;
        }

        for (var i = 1; i < message.Length; i++)
        {
            if (message[i] >= 0x80)
            {
                return false;
            }

            packed |= message[i] << (8 * i);
        }

        packed |= message[0];
        return true;
    }

    /// <summary>Unpacks a <c>MIM_DATA</c> short message into <paramref name="message"/> (3 bytes); returns its length, 0 if malformed.</summary>
    public static int Unpack(int packed, Span<byte> message)
    {
        var status = (byte)(packed & 0xFF);
        var n = Length(status);
        if (n == 0 || message.Length < n)
        {
            return 0;
        }

        message[0] = status;
        for (var i = 1; i < n; i++)
        {
            var b = (byte)((packed >> (8 * i)) & 0xFF);
            if (b >= 0x80)
            {
                return 0;
            }

            message[i] = b;
        }

        return n;
    }
}
