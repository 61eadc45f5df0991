using MusicGen.Live.Ports.WinMM;

namespace MusicGen.Live.Ports.Tests.WinMM;

/// <summary>Byte messages to WinMM's packed short messages and back, including what the world sends malformed.</summary>
public sealed class WinMmMessagesTests
{
    [Theory]
    [InlineData(new byte[] { 0x90, 60, 100 }, 0x00643C90)]
    [InlineData(new byte[] { 0x8F, 127, 0 }, 0x00007F8F)]
    [InlineData(new byte[] { 0xB3, 64, 127 }, 0x007F40B3)]
    [InlineData(new byte[] { 0xC1, 5 }, 0x000005C1)]
    [InlineData(new byte[] { 0xE0, 0, 64 }, 0x004000E0)]
    [InlineData(new byte[] { 0xF8 }, 0x000000F8)]
    [InlineData(new byte[] { 0xF1, 0x23 }, 0x000023F1)]
    public void Packs_and_unpacks_short_messages(byte[] message, int packed)
    {
        Assert.True(WinMmMessages.TryPack(message, out var p));
        Assert.Equal(packed, p);
        Span<byte> back = stackalloc byte[3];
        var n = WinMmMessages.Unpack(packed, back);
        Assert.Equal(message, back[..n].ToArray());
    }

    [Fact]
    public void Every_channel_message_round_trips()
    {
        Span<byte> back = stackalloc byte[3];
        for (var status = 0x80; status < 0xF0; status++)
        {
            for (var d = 0; d < 128; d += 7)
            {
                byte[] message = WinMmMessages.Length((byte)status) == 2 ? [(byte)status, (byte)d] : [(byte)status, (byte)d, (byte)(127 - d)];
                Assert.True(WinMmMessages.TryPack(message, out var p), $"{status:X2}");
                Assert.Equal(message, back[..WinMmMessages.Unpack(p, back)].ToArray());
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 60, 100 })]             // running status: no status byte
    [InlineData(new byte[] { 0x90, 60 })]            // truncated
    [InlineData(new byte[] { 0x90, 60, 100, 1 })]    // too long
    [InlineData(new byte[] { 0x90, 0x80, 100 })]     // data byte with the top bit
    [InlineData(new byte[] { 0xF0, 1, 2, 0xF7 })]    // sysex: a long message
    [InlineData(new byte[] { 0xF4 })]                // undefined
    public void Refuses_what_is_not_one_short_message(byte[] message) =>
        Assert.False(WinMmMessages.TryPack(message, out _));

    [Theory]
    [InlineData(0x00003C3C)] // no status byte
    [InlineData(0x00F03C90)] // data 2 with the top bit
    [InlineData(0x000000F0)] // sysex start as a short message
    public void Unpack_refuses_malformed_device_data(int packed)
    {
        Span<byte> back = stackalloc byte[3];
        Assert.Equal(0, WinMmMessages.Unpack(packed, back));
    }
}
