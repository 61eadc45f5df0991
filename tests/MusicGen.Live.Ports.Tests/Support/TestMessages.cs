namespace MusicGen.Live.Ports.Tests.Support;

/// <summary>A varied message sequence: notes on every channel, CC, pitch bend, program change, SysEx short and long.</summary>
internal static class TestMessages
{
    public static List<byte[]> Sequence(int notes = 40, int seed = 7)
    {
        var random = new Random(seed);
        var list = new List<byte[]>();
        for (var i = 0; i < notes; i++)
        {
            var channel = (byte)(i % 16);
            var key = (byte)random.Next(21, 109);
            list.Add([(byte)(0x90 | channel), key, (byte)random.Next(1, 128)]);
            list.Add([(byte)(0xB0 | channel), 64, (byte)random.Next(0, 128)]);
            list.Add([(byte)(0x80 | channel), key, 0x40]);
            if (i % 10 == 0)
            {
                list.Add([(byte)(0xE0 | channel), (byte)random.Next(0, 128), (byte)random.Next(0, 128)]);
                list.Add([(byte)(0xC0 | channel), (byte)random.Next(0, 128)]);
                list.Add(SysEx(random, 6));
            }
        }

        list.Add(SysEx(random, 300));
        return list;
    }

    public static byte[] SysEx(Random random, int length)
    {
        var bytes = new byte[length];
        bytes[0] = 0xF0;
        for (var i = 1; i < length - 1; i++)
        {
            bytes[i] = (byte)random.Next(0, 128);
        }

        bytes[^1] = 0xF7;
        return bytes;
    }
}
