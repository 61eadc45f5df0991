using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Loopback;
using MusicGen.Live.Ports.Tests.Support;

namespace MusicGen.Live.Ports.Tests.Loopback;

public sealed class LoopbackPortTests : PortContractTests
{
    protected override (IMidiInput Input, IMidiOutput Output) OpenConnectedPair() => LoopbackMidi.CreatePair("test");

    [Fact]
    public void Disconnect_reports_lost_on_both_ends_and_drops_sends()
    {
        var (input, output) = LoopbackMidi.CreatePair("vanish");
        using var lost = new CountdownEvent(2);
        var names = new List<string>();
        input.Lost += (_, e) => { lock (names) { names.Add(e.PortName); } lost.Signal(); };
        output.Lost += (_, e) => { lock (names) { names.Add(e.PortName); } lost.Signal(); };
        input.Start(new RecordingReceiver());
        output.Disconnect("peer quit");
        Assert.True(lost.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(["vanish:in", "vanish:out"], names.Order());
        Assert.False(output.Send([0x90, 60, 1]));
        Assert.Equal(MidiPortState.Lost, input.State);
        Assert.Equal(1, output.Dropped);
    }

    [Fact]
    public void Send_before_start_is_dropped_and_counted()
    {
        var (input, output) = LoopbackMidi.CreatePair("early");
        Assert.False(output.Send([0x90, 60, 1]));
        Assert.Equal(1, input.Dropped);
    }
}
