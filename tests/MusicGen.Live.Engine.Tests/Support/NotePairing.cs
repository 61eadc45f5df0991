namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>Checks a message stream for stuck notes: every note-on ended by a later note-off on the same channel and key.</summary>
public static class NotePairing
{
    /// <summary>Keys (channel × 128 + pitch) still sounding at the end of <paramref name="messages"/>; a re-strike counts once.</summary>
    public static IReadOnlyList<int> Stuck(IEnumerable<(byte Status, byte Data1, byte Data2)> messages)
    {
        var sounding = new HashSet<int>();
        foreach (var (status, data1, data2) in messages)
        {
            var command = status & 0xF0;
            var key = ((status & 0x0F) << 7) | data1;
            if (command == 0x90 && data2 > 0)
            {
                sounding.Add(key);
            }
            else if (command == 0x80 || command == 0x90)
            {
                sounding.Remove(key);
            }
            else if (command == 0xB0 && data1 == 123)
            {
                sounding.RemoveWhere(k => (k >> 7) == (status & 0x0F));
            }
        }

        return [.. sounding.Order()];
    }

    public static IReadOnlyList<int> Stuck(IEnumerable<CapturingOutput.Sent> messages) =>
        Stuck(messages.Select(m => (m.Status, m.Data1, m.Data2)));

    /// <summary>Note-ons sent while the same key was already sounding (each must be ended first).</summary>
    public static int DoubleStrikes(IEnumerable<CapturingOutput.Sent> messages)
    {
        var sounding = new HashSet<int>();
        var doubles = 0;
        foreach (var m in messages)
        {
            var key = (m.Channel << 7) | m.Data1;
            if (m.IsNoteOn && !sounding.Add(key))
            {
                doubles++;
            }
            else if (m.IsNoteOff)
            {
                sounding.Remove(key);
            }
        }

        return doubles;
    }
}
