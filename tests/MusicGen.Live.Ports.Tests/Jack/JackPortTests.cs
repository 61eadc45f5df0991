using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.Tests.Support;
using MusicGen.Live.TestSupport.Jack;

namespace MusicGen.Live.Ports.Tests.Jack;

/// <summary>The port contract on the native JACK backend: one client's output connected to another client's input on a private server.</summary>
[Collection(JackServerGroup.Name)]
[Trait("Category", "Jack")]
public sealed class JackPortTests(JackServerFixture fixture) : PortContractTests
{
    private readonly List<JackMidiClient> _clients = [];

    public override void Dispose()
    {
        base.Dispose();
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    protected override (IMidiInput Input, IMidiOutput Output) OpenConnectedPair()
    {
        var sender = Open("mgl-send");
        var output = sender.AddOutput("out");
        sender.Activate();
        var receiver = Open("mgl-recv");
        var input = receiver.AddInput("in");
        receiver.Activate();
        sender.Connect(output.Name, input.Name);
        WaitCycles(receiver, 3); // a connection takes effect at a cycle boundary; what is sent before that is not routed
        return (input, output);
    }

    protected override void Settle() => Thread.Sleep(50);

    protected override string BackendDiagnostics() =>
        string.Join("; ", _clients.Select(c => $"{c.ClientName} cycles={c.Cycles} xruns={c.Xruns} faults={c.Faults} shutdown={c.IsShutDown}"))
        + " | jackd: " + fixture.Server.Log.ReplaceLineEndings(" / ");

    [Fact]
    public void Client_reports_server_format_and_real_port_names()
    {
        var client = Open("mgl-names");
        var input = client.AddInput("in");
        var output = client.AddOutput("out");
        client.Activate();
        Assert.Equal(fixture.Server.SampleRate, client.SampleRate);
        Assert.Equal(fixture.Server.Period, client.BufferSize);
        Assert.Equal($"{client.ClientName}:in", input.Name);
        fixture.Server.WaitForPorts(TimeSpan.FromSeconds(10), input.Name, output.Name);
        Assert.Contains(output.Name, client.ListMidiPorts(sources: true));
        Assert.Contains(input.Name, client.ListMidiPorts(sources: false));
    }

    [Fact]
    public void Connecting_a_missing_port_names_it()
    {
        var client = Open("mgl-missing");
        client.AddInput("in");
        client.Activate();
        var ex = Assert.Throws<MidiPortException>(() => client.Connect("nobody:out", $"{client.ClientName}:in"));
        Assert.Contains("nobody:out", ex.Message);
    }

    [Fact]
    public void Opening_on_a_server_that_is_not_running_says_so()
    {
        var ex = Assert.Throws<MidiPortException>(() => JackMidiClient.Open("mgl-nowhere", "mgl-no-such-server"));
        Assert.Contains("mgl-no-such-server", ex.Message);
    }

    internal static void WaitCycles(JackMidiClient client, int cycles)
    {
        var target = client.Cycles + cycles;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (client.Cycles < target && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(1);
        }
    }

    private JackMidiClient Open(string name)
    {
        var client = JackMidiClient.Open(name, fixture.Server.Name);
        _clients.Add(client);
        return client;
    }
}
