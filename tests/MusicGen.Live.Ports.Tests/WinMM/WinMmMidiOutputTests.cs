using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.WinMM;

namespace MusicGen.Live.Ports.Tests.WinMM;

/// <summary>The WinMM output: what reaches the device, and every sounding note ended when the port closes.</summary>
public sealed class WinMmMidiOutputTests
{
    [Fact]
    public void Sends_short_messages_packed_and_sysex_as_a_buffer()
    {
        var device = new RecordingWinMmOut();
        using var output = new WinMmMidiOutput(device, "synth");
        Assert.True(output.Send([0x90, 60, 100]));
        Assert.True(output.Send([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7]));
        Assert.False(output.Send([0x90, 60]));
        Assert.False(output.Send([0xF0, 1, 2])); // unterminated sysex
        Assert.Equal([0x00643C90], device.Short);
        Assert.Equal([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7], Assert.Single(device.Long));
        Assert.Equal(2, output.Dropped);
    }

    [Fact]
    public void Tracks_notes_after_every_message_and_closing_ends_the_sounding_ones()
    {
        var device = new RecordingWinMmOut();
        var output = new WinMmMidiOutput(device, "synth");
        var rng = new Random(5);
        var sounding = new HashSet<(int, int)>();
        for (var i = 0; i < 2000; i++)
        {
            var channel = rng.Next(3);
            var key = 40 + rng.Next(12);
            var on = rng.Next(3) > 0;
            byte[] message = rng.Next(50) == 0
                ? [(byte)(0xB0 | channel), 123, 0]                                   // all notes off
                : on ? [(byte)(0x90 | channel), (byte)key, (byte)(1 + rng.Next(127))]
                : rng.Next(2) == 0 ? [(byte)(0x80 | channel), (byte)key, 64] : [(byte)(0x90 | channel), (byte)key, 0];
            Assert.True(output.Send(message));
            if (message[1] == 123 && (message[0] & 0xF0) == 0xB0)
            {
                sounding.RemoveWhere(n => n.Item1 == channel);
            }
            else if (on)
            {
                sounding.Add((channel, key));
            }
            else
            {
                sounding.Remove((channel, key));
            }

            Assert.Equal(sounding.Count, output.Sounding); // the invariant after every event
        }

        var sent = device.Short.Count;
        output.Dispose();
        var offs = device.Short.Skip(sent).Select(p => ((p & 0x0F), (p >> 8) & 0x7F, p & 0xF0)).ToArray();
        Assert.All(offs, o => Assert.Equal(0x80, o.Item3));
        Assert.Equal(sounding.OrderBy(n => n).ToArray(), offs.Select(o => (o.Item1, o.Item2)).OrderBy(n => n).ToArray());
        Assert.True(device.Disposed);
        Assert.Equal(MidiPortState.Closed, output.State);
        Assert.False(output.Send([0x90, 60, 100]));
    }

    [Fact]
    public void Short_messages_allocate_nothing()
    {
        var device = new RecordingWinMmOut();
        device.Short.Capacity = 10_000;
        using var output = new WinMmMidiOutput(device, "synth");
        output.Send([0x90, 60, 100]);
        Span<byte> message = stackalloc byte[3];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            message[0] = (byte)(i % 2 == 0 ? 0x90 : 0x80);
            message[1] = (byte)(40 + (i % 40));
            message[2] = 90;
            output.Send(message);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
