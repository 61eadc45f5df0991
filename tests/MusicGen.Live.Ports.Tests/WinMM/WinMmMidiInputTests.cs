using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.WinMM;

namespace MusicGen.Live.Ports.Tests.WinMM;

/// <summary>The WinMM input's callback path: device data unpacked, malformed data counted and stopped, receivers' faults contained.</summary>
public sealed class WinMmMidiInputTests
{
    [Fact]
    public void Delivers_unpacked_messages_and_stops_malformed_ones()
    {
        using var input = new WinMmMidiInput("keys");
        var receiver = new Collect();
        input.Start(receiver);
        input.OnShort(0x00643C90);
        input.OnShort(0x000000F8);
        input.OnShort(0x00003C3C); // no status byte
        input.OnLong([0xF0, 1, 0xF7]);
        input.OnLong(null);
        Assert.Equal([[0x90, 60, 100], [0xF8], [0xF0, 1, 0xF7]], receiver.Messages);
        Assert.Equal(1, input.Errors);
    }

    [Fact]
    public void A_throwing_receiver_never_reaches_the_device_thread()
    {
        using var input = new WinMmMidiInput("keys");
        input.Start(new Throwing());
        input.OnShort(0x00643C90);
        Assert.Equal(1, input.Errors);
    }

    [Fact]
    public void Opening_a_device_off_windows_says_it_needs_windows()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // covered by the Windows-only device tests
        }

        Assert.Contains("needs Windows", Assert.Throws<MidiPortException>(() => WinMmBackend.OpenInput("0")).Message, StringComparison.Ordinal);
        Assert.Contains("needs Windows", Assert.Throws<MidiPortException>(() => WinMmBackend.OutputNames()).Message, StringComparison.Ordinal);
    }

    private sealed class Collect : IMidiReceiver
    {
        public List<byte[]> Messages { get; } = [];

        public void Receive(ReadOnlySpan<byte> message, long timestamp) => Messages.Add(message.ToArray());
    }

    private sealed class Throwing : IMidiReceiver
    {
        public void Receive(ReadOnlySpan<byte> message, long timestamp) => throw new InvalidOperationException("receiver fault");
    }
}
