using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.RtMidi;
using MusicGen.Live.Ports.Tests.Support;
using MusicGen.Live.Ports.Thru;
using MusicGen.Live.TestSupport.Jack;
using MusicGen.Live.TestSupport.Processes;

namespace MusicGen.Live.Ports.Tests.Integration;

/// <summary>
/// Ports that disappear underneath us: the JACK server is killed (SIGKILL, like a crash) or the peer a
/// port was connected to quits. The loss is reported, nothing crashes, the program stays up and exits
/// cleanly when asked.
/// </summary>
[Collection(JackServerGroup.Name)]
[Trait("Category", "Jack")]
public sealed class PortVanishTests(JackServerFixture fixture)
{
    [Theory]
    [InlineData("jack")]
    [InlineData("rtmidi")]
    public void Thru_reports_a_killed_server_and_stays_up_until_told_to_stop(string backend)
    {
        using var server = JackServer.Start(prefix: "mgl-vanish");
        using var thru = ChildProcess.Musicgen(server, ["thru", "--backend", backend, "--api", "jack", "--name", "mgvanish"]);
        thru.WaitForLine("ready");

        server.Crash();

        var lost = thru.WaitForLine("port lost");
        Assert.Contains("mgvanish", lost);
        Thread.Sleep(300); // still up a moment later (a crash would have ended it)
        thru.Signal(NativeSignal.SigTerm);
        thru.WaitForLine("stopped");
        Assert.Equal(0, thru.WaitForExit());
    }

    [Fact]
    public void Native_client_reports_every_port_lost_with_the_server_reason()
    {
        using var server = JackServer.Start(prefix: "mgl-vanish");
        using var client = JackMidiClient.Open("mgl-doomed", server.Name);
        var input = client.AddInput("in");
        var output = client.AddOutput("out");
        client.Activate();
        using var lost = new CountdownEvent(2);
        input.Lost += (_, _) => lost.Signal();
        output.Lost += (_, _) => lost.Signal();

        server.Crash();

        Assert.True(lost.Wait(TimeSpan.FromSeconds(15)), "no loss reported");
        Assert.True(client.IsShutDown);
        Assert.Equal(MidiPortState.Lost, input.State);
        Assert.Contains("JACK server", input.LostReason);
        Assert.False(output.Send([0x90, 60, 100])); // dropped, not thrown
        Assert.Equal(1, output.Dropped);
    }

    [Fact]
    public void Thru_reports_a_vanished_peer_and_releases_its_held_notes()
    {
        var server = fixture.Server;
        using var peer = JackMidiClient.Open("mgl-peer", server.Name);
        var keys = peer.AddOutput("keys");
        peer.Activate();
        var sink = JackMidiClient.Open("mgl-sink", server.Name);
        var sinkIn = sink.AddInput("in");
        sink.Activate();
        var received = new RecordingReceiver();
        sinkIn.Start(received);
        using var session = ThruSession.Start(new PortPairOptions(PortBackend.Jack, Input: "mgl-peer:keys", Output: sinkIn.Name, ClientName: "mgl-thru", Server: server.Name));
        using var lost = new ManualResetEventSlim();
        session.PortLost += (_, e) => lost.Set();
        Thread.Sleep(30); // connections take effect at a cycle boundary (setup)
        keys.Send([0x90, 60, 100]);
        Assert.True(received.WaitFor(1));

        peer.Dispose(); // the keyboard's program quits with the note held

        Assert.True(lost.Wait(TimeSpan.FromSeconds(10)), "peer loss not reported");
        Assert.True(received.WaitFor(2), "no note-off after the peer vanished");
        Assert.Equal([0x80, 60, 0x40], received.Messages[1].Message);
        Assert.Equal(1, session.Released);
        sink.Dispose();
    }

    [Fact]
    public void RtMidi_input_reports_its_peer_quitting()
    {
        var peer = JackMidiClient.Open("mgl-rpeer", fixture.Server.Name);
        var keys = peer.AddOutput("keys");
        peer.Activate();
        using var input = RtMidiBackend.OpenInput(RtMidiApi.UnixJack, "mgl-rpeer:keys", "mgl-rlisten");
        using var lost = new ManualResetEventSlim();
        string? reason = null;
        input.Lost += (_, e) => { reason = e.Reason; lost.Set(); };
        input.Start(new RecordingReceiver());

        peer.Dispose();

        Assert.True(lost.Wait(TimeSpan.FromSeconds(10)), "peer loss not reported");
        Assert.Contains("mgl-rpeer:keys", reason);
        Assert.Equal(MidiPortState.Lost, input.State);
    }
}
