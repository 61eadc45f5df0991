using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.Tests.Support;
using MusicGen.Live.TestSupport.Jack;

namespace MusicGen.Live.Ports.Tests.Jack;

/// <summary>
/// A client's added delay is reported as JACK port latency, read back with Debian's <c>jack_lsp -l</c> on a
/// private server: the output's capture latency is the input's plus the delay, the input's playback latency
/// the output's plus the delay, downstream clients see it added to theirs, and a change while running is
/// recomputed. The waits are hang guards (JACK runs latency callbacks on its own thread), not timings.
/// </summary>
[Collection(JackServerGroup.Name)]
[Trait("Category", "Jack")]
public sealed class JackLatencyTests(JackServerFixture fixture) : IDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(20);
    private readonly List<JackMidiClient> _clients = [];

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public void Added_delay_is_the_ports_latency_and_adds_up_downstream()
    {
        var server = fixture.Server;
        var delayed = Open("mgl-lat-a", 4800); // set before activation
        Assert.True(delayed.ReportsLatency);
        var out1 = $"{delayed.ClientName}:out";
        var in1 = $"{delayed.ClientName}:in";
        var own = server.WaitForPortLatency(out1, l => l.CaptureMax != 0, s_bound);
        Assert.Equal(new JackPortLatency(4800, 4800, 0, 0), own);
        Assert.Equal(new JackPortLatency(0, 0, 4800, 4800), server.PortLatency(in1));

        // A second client after it: its output's capture latency includes the first one's delay ...
        var next = Open("mgl-lat-b", 0);
        var out2 = $"{next.ClientName}:out";
        next.Connect(out1, $"{next.ClientName}:in");
        Assert.Equal(4800u, server.WaitForPortLatency(out2, l => l.CaptureMax == 4800, s_bound)?.CaptureMax);

        // ... and a delay set while running is recomputed through the graph, both ways.
        next.AddedLatencyFrames = 256;
        Assert.Equal(5056u, server.WaitForPortLatency(out2, l => l.CaptureMax == 5056, s_bound)?.CaptureMax);
        Assert.Equal(5056u, server.WaitForPortLatency(in1, l => l.PlaybackMax == 5056, s_bound)?.PlaybackMax);
    }

    [Fact]
    public void No_delay_reports_no_latency_and_a_delay_dropped_while_running_disappears()
    {
        var server = fixture.Server;
        var client = Open("mgl-lat-none", 0);
        var output = $"{client.ClientName}:out";
        server.WaitForPorts(s_bound, output);
        JackPortTests.WaitCycles(client, 3);
        Assert.Equal(new JackPortLatency(0, 0, 0, 0), server.PortLatency(output));

        client.AddedLatencyFrames = 960;
        Assert.Equal(960u, server.WaitForPortLatency(output, l => l.CaptureMax == 960, s_bound)?.CaptureMax);
        client.AddedLatencyFrames = 0;
        Assert.Equal(new JackPortLatency(0, 0, 0, 0), server.WaitForPortLatency(output, l => l.CaptureMax == 0, s_bound));
    }

    private JackMidiClient Open(string name, int addedFrames)
    {
        var client = JackMidiClient.Open(name, fixture.Server.Name);
        _clients.Add(client);
        client.AddInput("in");
        client.AddOutput("out");
        client.AddedLatencyFrames = addedFrames;
        client.Activate();
        return client;
    }
}
